"""Runtime internals shared by every generated API class and model (hand-written).

Nothing here is public API: the public names are re-exported by `mixpeek` (Configuration, ApiClient, the
exceptions, ApiResponse). Modules stay light to import: no model module is imported until it is needed.
"""
