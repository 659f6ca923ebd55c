"""The project's own words: short descriptions made mechanically from names and facts.

Nothing here is copied from any published spec; every text is a template filled with names (operation,
tag, schema, property, parameter), HTTP methods, paths and status codes.
"""

from __future__ import annotations

from typing import List, Tuple

from spec_builder.jsontypes import JsonObject
from spec_builder.names import PATH_PARAMETER, WORD_SPLIT, sentence, singular, words_of

INFO_DESCRIPTION = (
    "The Mixpeek API: store objects in buckets, process them into collections of searchable documents "
    "with feature extractors, and query them with retrievers. This description is maintained by the "
    "mixpeek Python SDK project and is the source its client code is generated from."
)

STATUS_TEXT = {
    "200": "Success.",
    "201": "Created.",
    "202": "Accepted; the work continues in the background.",
    "204": "Success, with no content.",
    "400": "The request is malformed or not allowed in the current state.",
    "401": "The API key is missing or not valid.",
    "403": "The API key may not do this.",
    "404": "The resource does not exist.",
    "409": "The request conflicts with the current state of the resource.",
    "422": "The request does not validate.",
    "429": "Too many requests; retry later.",
    "500": "The server failed.",
    "503": "The service is unavailable; retry later.",
}

SECURITY_TEXT = {
    "BearerAuth": "An API key, sent as `Authorization: Bearer <key>`.",
    "NamespaceHeader": "The namespace (its ID or name) the request works in, sent as the X-Namespace header.",
}

# Words that start with a vowel letter but are said with a consonant sound, and the reverse.
CONSONANT_SOUND_PREFIXES = ("one", "uni", "use", "usi", "usu", "uu", "url", "uri", "eu")
VOWEL_SOUND_PREFIXES = ("hour", "honest", "llm", "mcp", "ml", "nlp", "rrf", "s3", "sql", "x")


def _path_words(path: str) -> Tuple[List[str], List[str]]:
    """(words of the literal segments, words of all segments including parameter names), in path order,
    without the version prefix: "/v1/buckets/{bucket_id}/syncs" -> (["buckets", "syncs"],
    ["buckets", "bucket", "id", "syncs"])."""
    literal: List[str] = []
    every: List[str] = []
    for segment in path.split("/"):
        parameter = PATH_PARAMETER.match(segment)
        words = [
            word.lower() for word in WORD_SPLIT.split(parameter.group(1) if parameter else segment) if word
        ]
        if not parameter:
            literal += words
        every += words
    if literal and literal[0] in ("v1", "v2"):
        every.remove(literal[0])
        literal = literal[1:]
    return literal, every


def operation_summary(method_name: str, path: str) -> str:
    """A short summary from a method name, without the path suffix the publishing tool appended.

    Published names often end in words of the path that only keep them unique: the router prefix
    (`create_session_agents` on `/v1/agents/sessions`) or an `id`-led tail (`export_cluster_execution_id_run`
    on `.../executions/{run_id}/export`). The rule: drop the trailing words from the first one, at position
    two or later, that is the path's first word or "id" and after which every word occurs in the path; if
    that dropped the path's last literal word and no kept word names it, put it back
    (`get_infrastructure_organizations_summary` -> "Get infrastructure summary").
    """
    tokens = [token for token in method_name.split("__")[0].split("_") if token]
    literal, every = _path_words(path)
    starters = {"id", *literal[:1]}
    path_words = set(every)
    for start in range(2, len(tokens)):
        if tokens[start] in starters and all(token in path_words for token in tokens[start:]):
            dropped = tokens[start:]
            tokens = tokens[:start]
            last = literal[-1] if literal else ""
            if last in dropped and singular(last) not in {singular(token) for token in tokens}:
                tokens.append(last)
            break
    return sentence(tokens)


def operation_description(summary: str) -> str:
    """A short description from the summary. The HTTP call, the credentials and the result type are the
    generator's to state (it derives them from the operation), so they are not repeated here."""
    return f"{summary}."


def tag_description(tag: str) -> str:
    """One line for a tag."""
    return f"Operations of the {tag} area of the API."


def response_description(status: str) -> str:
    """A sentence for a response status code."""
    if status in STATUS_TEXT:
        return STATUS_TEXT[status]
    if status.startswith("2"):
        return "Success."
    if status.startswith("4"):
        return "The request was refused."
    return "The server could not answer."


def article(phrase: str) -> str:
    """ "a" or "an" for a phrase, by the sound of its first word ("an execute-retriever", "a user",
    "an LLM")."""
    word = phrase.lower()
    if word.startswith(VOWEL_SOUND_PREFIXES):
        return "an"
    if word[:1] in "aeiou" and not word.startswith(CONSONANT_SOUND_PREFIXES):
        return "an"
    return "a"


def with_article(phrase: str) -> str:
    """The phrase after its indefinite article ("an execute-retriever request")."""
    return f"{article(phrase)} {phrase}"


def name_phrase(name: str) -> str:
    """A name as a noun phrase: its words, with "the" before a single word ("the limit",
    "collection name")."""
    words = words_of(name)
    return f"the {words[0]}" if len(words) == 1 else " ".join(words)


def parameter_description(name: str, location: str) -> str:
    """A phrase for a parameter: its name in words. Where it goes is the generator's to state."""
    if location == "header" and name[:2].lower() == "x-":
        name = name[2:]  # the custom-header prefix says nothing about the meaning
    return f"{sentence(name_phrase(name).split(' '))}."


def request_body_description(content: JsonObject) -> str:
    """A phrase for a request body; its type and location are the generator's to state."""
    if "multipart/form-data" in content:
        return "The file and fields to upload."
    return "The fields to send."


def schema_description(name: str, schema: JsonObject) -> str:
    """A sentence for a component schema, shaped by what kind of schema it is."""
    words = words_of(name)
    if "enum" in schema:
        return f"The allowed values of {' '.join(words)}."
    if ("anyOf" in schema or "oneOf" in schema) and "properties" not in schema:
        return f"One of the forms {' '.join(words)} can take."
    if len(words) > 1 and words[-1] == "request":
        return f"What {with_article('-'.join(words[:-1]))} request sends."
    if len(words) > 1 and words[-1] == "response":
        return f"What {with_article('-'.join(words[:-1]))} response returns."
    if len(words) > 1 and words[-1] == "input":
        return f"{sentence(words[:-1])}, in the form sent in requests."
    if len(words) > 1 and words[-1] == "output":
        return f"{sentence(words[:-1])}, in the form returned in responses."
    if len(words) == 1:
        return f"{sentence(with_article(words[0]).split(' '))} object."
    return f"{sentence(words)}."


def property_description(name: str) -> str:
    """A phrase for a property: its name in words ("The dimension.", "Collection name.")."""
    return f"{sentence(name_phrase(name).split(' '))}."
