"""Fresh-process measurements: the import, and the first call; prints one JSON object.

Usage (``run.py`` does this): ``python _fresh.py import|first_call mixpeek|floor [URL]``.

``import`` times ``import mixpeek`` (or the floor, ``import urllib3, pydantic, dateutil``) and counts the
modules it added; ``first_call`` times the import plus building a client and one ``get_collection`` (floor:
the same imports, one raw ``urllib3`` request and ``json.loads``). Nothing else is imported before the clock
starts (not even ``typing``), so the figures are the import's own.
"""

import sys
import time


def _measure(what: str, target: str, url: str) -> dict[str, object]:
    before = len(sys.modules)
    start = time.perf_counter()
    if target == "floor":
        for name in ("urllib3", "pydantic", "dateutil"):
            __import__(name)  # the import statement's own path, which -X importtime reports
        if what == "first_call":
            import json

            import urllib3

            json.loads(urllib3.PoolManager().request("GET", url + "/v1/collections/col_bench00001").data)
    else:
        mixpeek = __import__("mixpeek")
        if what == "first_call":
            configuration = mixpeek.Configuration(host=url, access_token="sk_bench")
            api = mixpeek.CollectionsApi(mixpeek.ApiClient(configuration))
            api.get_collection("col_bench00001")
    seconds = time.perf_counter() - start
    added = len(sys.modules) - before

    return {"seconds": seconds, "modules_added": added, "peak_rss_kb": _peak_rss_kb()}


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
