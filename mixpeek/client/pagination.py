"""Lazy iteration over the API's paginated ``list`` endpoints.

A list response carries its items (under ``results``, or another key such as ``datasets``) and where it is
in the list: a ``pagination`` block, or ``page``/``page_size``/``total`` at its top level. The next page is
asked for with the ``cursor`` query parameter when there is a ``next_cursor``; otherwise, when pages are
numbered (``page`` with ``total_pages``, or with ``page_size`` and ``total``), with ``page=<next>``.
Iteration stops at the first page that has no items or no way forward, so an endpoint that ignores paging
still terminates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Generic, Optional, TypeVar

if TYPE_CHECKING:
    from mixpeek.client._core import CallOptions, ClientCore

ItemT = TypeVar("ItemT")


@dataclass(frozen=True)
class PageRequest:
    """Where a page starts: a cursor, a page number, or neither for the first page."""

    cursor: Optional[str] = None
    page: Optional[int] = None


def _field(source: Any, name: str) -> Any:
    """``source.name`` for models, ``source[name]`` for plain dicts, None when absent."""
    if source is None:
        return None
    if isinstance(source, dict):
        return source.get(name)
    return getattr(source, name, None)


class Page(Generic[ItemT]):
    """One page of a list: its items, the full typed response, and how to ask for the next page."""

    def __init__(self, response: Any, request: PageRequest, items_key: str = "results") -> None:
        self.response = response
        self.request = request
        self.items: list[ItemT] = list(_field(response, items_key) or [])
        self.pagination: Any = _field(response, "pagination") or response

    @property
    def next_cursor(self) -> Optional[str]:
        """The cursor the API gave for the next page, if any."""
        cursor = _field(self.pagination, "next_cursor")
        return str(cursor) if cursor else None

    @property
    def total(self) -> Optional[int]:
        """The total number of items when the API reports one."""
        for source, name in (
            (self.pagination, "total"),
            (self.response, "total_count"),
            (self.response, "total"),
        ):
            value = _field(source, name)
            if isinstance(value, int):
                return value
        return None

    def next_request(self) -> Optional[PageRequest]:
        """The request for the following page, or None when this is the last one."""
        if not self.items:
            return None
        if self.next_cursor:
            return PageRequest(cursor=self.next_cursor)
        page, total_pages = _field(self.pagination, "page"), self._total_pages()
        if isinstance(page, int) and isinstance(total_pages, int) and page < total_pages:
            return PageRequest(page=page + 1)
        return None

    def _total_pages(self) -> Optional[int]:
        """The number of pages: given, or worked out from the page size and the total."""
        total_pages = _field(self.pagination, "total_pages")
        if isinstance(total_pages, int):
            return total_pages
        size, total = _field(self.pagination, "page_size"), self.total
        if isinstance(size, int) and size > 0 and isinstance(total, int):
            return -(-total // size)
        return None

    def __iter__(self) -> Iterator[ItemT]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"Page(items={len(self.items)}, next_cursor={self.next_cursor!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        from mixpeek._runtime import display

        display.pretty(printer, display.hits_text("Page", self.items, self.next_request() is not None))

    def _repr_html_(self) -> str:
        from mixpeek._runtime import display

        return display.hits_html("Page", self.items, self.next_request() is not None)

    def to_pandas(self) -> Any:
        """This page's items as a pandas DataFrame (payload fields as columns). Needs pandas."""
        from mixpeek._runtime import frames

        return frames.frame(self.items)


class Paginator(Generic[ItemT]):
    """Every item of a list endpoint, fetched page by page only as iteration reaches it.

    ``for item in paginator`` walks all pages; ``pages()`` yields whole `Page` objects; ``first_page()``
    fetches only the first. Each iteration starts again from the first page (or the given cursor).
    """

    def __init__(
        self,
        fetch: Callable[[PageRequest], Any],
        start: Optional[PageRequest] = None,
        items_key: str = "results",
    ) -> None:
        self._fetch = fetch
        self._start = start or PageRequest()
        self._items_key = items_key
        self._preview: Optional[Page[ItemT]] = None  # the first page as last displayed

    def to_list(self, limit: Optional[int] = None) -> list[ItemT]:
        """Every item (fetching every page), or the first ``limit`` items (fetching only the pages needed)."""
        items: list[ItemT] = []
        if limit is not None and limit <= 0:
            return items
        for item in self:
            items.append(item)
            if limit is not None and len(items) >= limit:
                break
        return items

    def to_pandas(self, limit: Optional[int] = None) -> Any:
        """The items of `to_list` as a pandas DataFrame (payload fields as columns). Needs pandas."""
        from mixpeek._runtime import frames

        frames.pandas()  # fails before any page is fetched when pandas is missing
        return frames.frame(self.to_list(limit))

    # display: only the first page is ever fetched for it (once; later displays show the same page) -------
    def _displayed_page(self) -> Page[ItemT]:
        if self._preview is None:
            self._preview = self.first_page()
        return self._preview

    def __repr__(self) -> str:
        if self._preview is None:
            return "Paginator(not fetched yet: iterate it, call first_page() or to_list(), or display it)"
        page = self._preview
        more = ", more pages" if page.next_request() is not None else ""
        return f"Paginator(first page: {len(page.items)} items{more})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        from mixpeek._runtime import display

        page = self._displayed_page()
        title = "Paginator, first page"
        display.pretty(printer, display.hits_text(title, page.items, page.next_request() is not None))

    def _repr_html_(self) -> str:
        from mixpeek._runtime import display

        page = self._displayed_page()
        return display.hits_html("Paginator, first page", page.items, page.next_request() is not None)

    def first_page(self) -> Page[ItemT]:
        """Only the first page (one request)."""
        return self._page(self._start)

    def page_at(self, cursor: str) -> Page[ItemT]:
        """The page that starts at ``cursor`` (as given by an earlier page's ``next_cursor``)."""
        return self._page(PageRequest(cursor=cursor))

    def _page(self, request: PageRequest) -> Page[ItemT]:
        return Page(self._fetch(request), request, self._items_key)

    def pages(self) -> Iterator[Page[ItemT]]:
        """Every page in order, fetched lazily."""
        request: Optional[PageRequest] = self._start
        seen: set[PageRequest] = set()
        while request is not None and request not in seen:
            seen.add(request)
            page = self._page(request)
            yield page
            request = page.next_request()

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.pages():
            yield from page.items


def paginator(
    core: ClientCore,
    operation: Callable[..., Any],
    options: CallOptions,
    *args: Any,
    items_key: str = "results",
    cursors: bool = True,
    **params: Any,
) -> Paginator[Any]:
    """A `Paginator` over a list operation of the generated layer, called through ``core`` (records, the
    caller's per-call options and error classes); each page request adds its ``page`` and, for operations
    that take one (``cursors``), its ``cursor``. ``items_key`` names the items in a response."""

    def fetch(request: PageRequest) -> Any:
        where: dict[str, Any] = {"page": request.page}
        if cursors:
            where["cursor"] = request.cursor
        return core.call(operation, *args, options=options, **where, **params)

    return Paginator(fetch, items_key=items_key)
