"""The published package's ``mixpeek._client.resources``: the resource classes under their published names.

They are the classes of `mixpeek.client` (``mp.namespaces`` is a `Namespaces` ...), re-exported so that
imports and ``isinstance`` checks written against the published client keep working.
"""

from mixpeek.client.batches import Batches
from mixpeek.client.buckets import Buckets
from mixpeek.client.collections import Collections
from mixpeek.client.documents import Documents
from mixpeek.client.evaluations import Evaluations
from mixpeek.client.namespaces import NamespaceDocuments, Namespaces
from mixpeek.client.retrievers import Retrievers
from mixpeek.client.tasks import Tasks

__all__ = [
    "Batches",
    "Buckets",
    "Collections",
    "Documents",
    "Evaluations",
    "NamespaceDocuments",
    "Namespaces",
    "Retrievers",
    "Tasks",
]
