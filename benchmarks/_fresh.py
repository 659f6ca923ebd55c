"""Fresh-process measurements: the import, and the first call; prints one JSON object.

Usage (``run.py`` does this)::

    python _fresh.py import|api_class|first_call mixpeek|floor|model_floor [URL]

- ``import`` times ``import mixpeek`` and counts the modules it added; ``api_class`` times
  ``import mixpeek; mixpeek.CollectionsApi``. Their floor is ``import urllib3, pydantic, dateutil``.
- ``first_call`` times the import plus building a client and one ``get_collection``; its floor is
  ``import urllib3, pydantic``, one raw ``urllib3`` request and ``json.loads`` of the body.
- ``model_floor`` (first call only) is that floor with pydantic's model machinery in place of ``json.loads``:
  one model class of one field, declared and parsed from the same body. No SDK that answers with pydantic
  models can start faster, so it shows how much of our cost is pydantic's and how much is ours.

Nothing else is imported before the clock starts (not even ``typing``), so the figures are the import's own.
"""

import sys
import time

#: The third-party imports of each measurement's floor.
FLOOR_MODULES = {
    "import": ("urllib3", "pydantic", "dateutil"),
    "api_class": ("urllib3", "pydantic", "dateutil"),
    "first_call": ("urllib3", "pydantic"),
}


def _measure(what: str, target: str, url: str) -> dict[str, object]:
    before = len(sys.modules)
    start = time.perf_counter()
    if target == "floor":
        for name in FLOOR_MODULES[what]:
            __import__(name)  # the import statement's own path, which -X importtime reports
        if what == "first_call":
            import json

            import urllib3

            json.loads(urllib3.PoolManager().request("GET", url + "/v1/collections/col_bench00001").data)
    elif target == "model_floor":
        for name in FLOOR_MODULES["first_call"]:
            __import__(name)
        _one_model_parse(url)
    else:
        mixpeek = __import__("mixpeek")
        if what == "api_class":
            api_class = mixpeek.CollectionsApi
            assert api_class.__name__ == "CollectionsApi"
        elif what == "first_call":
            configuration = mixpeek.Configuration(host=url, access_token="sk_bench")
            api = mixpeek.CollectionsApi(mixpeek.ApiClient(configuration))
            api.get_collection("col_bench00001")
    seconds = time.perf_counter() - start
    added = len(sys.modules) - before

    return {"seconds": seconds, "modules_added": added, "peak_rss_kb": _peak_rss_kb()}


def _one_model_parse(url: str) -> None:
    """One raw request whose body pydantic parses into a one-field model (``extra="allow"``, as ours are)."""
    import urllib3
    from pydantic import BaseModel, ConfigDict

    class Collection(BaseModel):
        model_config = ConfigDict(extra="allow")
        collection_id: str

    body = urllib3.PoolManager().request("GET", url + "/v1/collections/col_bench00001").data
    assert Collection.model_validate_json(body).collection_id


def _peak_rss_kb() -> int:
    """This process's peak resident set, in KiB.

    Linux's ``VmHWM`` belongs to this program alone; ``ru_maxrss`` is kept across ``exec`` and so would
    report the (larger) parent that started us. Elsewhere ``ru_maxrss`` is the best there is.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def main(argv: list[str]) -> int:
    import json

    what, target = argv[1], argv[2]
    url = argv[3] if len(argv) > 3 else ""
    try:
        result = _measure(what, target, url)
    except Exception as exc:  # our SDK is still being written: report, do not crash the suite
        result = {"unavailable": f"not available yet: {type(exc).__name__}: {exc}"[:300]}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
