"""tocsin.coder — Coder: coding text into CAMEO events from Python, over libtocsin's
public API (tocsin_dict_* and tocsin_coder_*), with the C API's threading model: the
dictionaries are loaded once and shared read-only; each Python thread that codes gets
its own C coder (threading.local), created on its first call. ctypes releases the GIL
while C codes, so threads code in parallel.
"""
import ctypes
import logging
import threading

from tocsin import _lib

log = logging.getLogger("tocsin")


class TocsinError(Exception):
    """A record that could not be coded, or dictionaries that could not be loaded.
    `record` is the record's id (or the dictionary path); `message` the library's text."""

    def __init__(self, record, message):
        super().__init__(message if record is None or message.startswith(str(record))
                         else "%s: %s" % (record, message))
        self.record = record
        self.message = message


# ---- the library's error reports (malformed dictionary lines and the like) ----
# One handler for the process (the C API has one); it logs to the "tocsin" logger and
# also collects into the calling thread's list while that thread loads dictionaries.
_collect = threading.local()
_handler = None
_handler_lock = threading.Lock()


def _on_error(message, _user):
    text = message.decode("utf-8", "replace")
    msgs = getattr(_collect, "messages", None)
    if msgs is not None:
        msgs.append(text)
    log.warning("tocsin: %s", text)


def _library():
    global _handler
    lib = _lib.lib()
    with _handler_lock:
        if _handler is None:
            _handler = _lib.ERROR_FN(_on_error)
            lib.tocsin_set_error_handler(_handler, None)
    return lib


class _Dict:
    """Owns one loaded, finished tocsin_dict (freed when the last user goes)."""

    def __init__(self, dirs):
        self.lib = _library()
        self.ptr = self.lib.tocsin_dict_new()
        if not self.ptr:
            raise MemoryError("tocsin_dict_new failed")
        _collect.messages = []
        try:
            for d in dirs:
                if self.lib.tocsin_dict_add(self.ptr, str(d).encode()) < 0:
                    raise TocsinError(str(d), "; ".join(_collect.messages) or "cannot read dictionaries")
            if self.lib.tocsin_dict_finish(self.ptr) < 0:
                raise TocsinError(",".join(map(str, dirs)),
                                  "; ".join(_collect.messages) or "cannot finish the dictionary set")
            self.warnings = _collect.messages
        except BaseException:
            self.lib.tocsin_dict_free(self.ptr)
            self.ptr = None
            raise
        finally:
            _collect.messages = None

    def __del__(self):
        if getattr(self, "ptr", None):
            self.lib.tocsin_dict_free(self.ptr)
            self.ptr = None


def _s(ptr, n):
    return ctypes.string_at(ptr, n).decode("utf-8", "replace") if ptr else ""


def _actor(a, match_names):
    return {"code": a.code.decode("utf-8", "replace"), "text": _s(a.text, a.text_len),
            "match": match_names.get(a.match, "none")}


_GEO_TYPES = {1: "country", 2: "us_state", 3: "us_city", 4: "world_city", 5: "world_state"}


def _location(g):
    """The event's "location" as `tocsin code` writes it (ISO country code, GDELT's geo
    type, coordinates to 5 decimals, the GeoNames id of a city), or None."""
    if not g.type:
        return None
    loc = {"name": g.name.decode("utf-8", "replace"), "country": g.country.decode(),
           "type": _GEO_TYPES.get(g.type, ""), "lat": float("%.5f" % g.lat), "lon": float("%.5f" % g.lon)}
    if g.geonameid:
        loc["geonameid"] = g.geonameid
    return loc


class _ThreadCoder:
    """One C coder, used by one thread only; holds the dictionary it was made from."""

    def __init__(self, d, locations=True):
        self.d = d
        self.lib = d.lib
        self.ptr = self.lib.tocsin_coder_new(d.ptr)
        if not self.ptr:
            raise MemoryError("tocsin_coder_new failed")
        if not locations:
            self.lib.tocsin_coder_set_locations(self.ptr, 0)
        self.out = None
        self.names = {m: self.lib.tocsin_match_name(m).decode() for m in range(5)}
        self.fn = _lib.EVENT_FN(self._on_event)

    def _on_event(self, evp, _user):
        ev = evp.contents
        e = {"doc_id": ev.doc_id.decode("utf-8", "replace"),
             "sentence": ev.sentence,
             "date": ev.date.decode(),
             "source": _actor(ev.source, self.names),
             # a one-sided event (no target named) has "target": null, as in JSON Lines
             "target": _actor(ev.target, self.names) if ev.target.code else None,
             # the JSON Lines output writes goldstein with one decimal: the same value here
             "event": {"code": ev.code.decode(), "root": ev.root.decode(), "quad_class": ev.quad_class,
                       "goldstein": round(ev.goldstein, 1), "text": _s(ev.verb_text, ev.verb_len)},
             "confidence": ev.confidence}
        if ev.issues:
            e["issues"] = ev.issues.decode("utf-8", "replace")
        e["text"] = _s(ev.text, ev.text_len)
        # where it happened (the coder's location pass, src/geo): null without a gazetteer
        e["location"] = _location(ev.action_geo)
        self.out.append(e)

    def code(self, doc, record):
        self.out = []
        try:
            n = self.lib.tocsin_code(self.ptr, ctypes.byref(doc), self.fn, None)
            if n < 0:
                msg = (self.lib.tocsin_coder_error(self.ptr) or b"cannot be coded").decode("utf-8", "replace")
                raise TocsinError(record, msg)
            return self.out
        finally:
            self.out = None

    def __del__(self):
        if getattr(self, "ptr", None):
            self.lib.tocsin_coder_free(self.ptr)
            self.ptr = None


def _b(v):
    if v is None:
        return None
    return v.encode("utf-8", "surrogatepass") if isinstance(v, str) else bytes(v)


def _date(d):
    """YYYY-MM-DD from a date/datetime or a string, as the JSON Lines reader takes it: a
    time after the date ("2022-01-02T10:00:00Z", "2022-01-02 10:00") is dropped."""
    if d is None:
        return None
    if hasattr(d, "isoformat"):
        d = d.isoformat()
    d = str(d)
    if len(d) > 10 and d[10] in "T ":
        return d[:10]
    return d


class Coder:
    """Codes news text into CAMEO events.

    Coder()                      the built-in dictionaries
    Coder(dict="path/to/dir")    the field's dictionaries (TABARI / PETRARCH-2) instead
    Coder(dict=["mine", "builtin"])  several sets, later ones added on top (as --dict, --dict+)
    Coder(locations=False)       no "location" on the events (None): the gazetteer pass's time saved

    Each event carries "location", where it happened, from the gazetteer ($TOCSIN_GEO, else
    the one installed with tocsin or built in the checkout; mapped once per process), or
    None when there is none (said once, through the "tocsin" logger).

    Safe to share between threads: each thread codes with its own C coder over the one
    loaded dictionary set. Malformed dictionary lines are logged to the "tocsin" logger
    (and kept in .warnings); a directory that cannot be read raises TocsinError.
    """

    def __init__(self, dict=None, locations=True):
        if dict is None:
            dirs = ["builtin"]
        elif isinstance(dict, (str, bytes)) or hasattr(dict, "__fspath__"):
            dirs = [dict]
        else:
            dirs = list(dict)
        self._dict = _Dict(dirs)
        self.warnings = self._dict.warnings
        self._local = threading.local()
        self._locations = bool(locations)

    def _coder(self):
        c = getattr(self._local, "coder", None)
        if c is None:
            c = self._local.coder = _ThreadCoder(self._dict, self._locations)
        return c

    def code(self, text, date=None, id="text", title=None, url=None, source=None):
        """Codes one document; returns its events as a list of dicts with the fields of
        `tocsin code`'s JSON Lines output (doc_id, sentence, date, source, target, event,
        confidence, optional issues, text, location: where it happened, None without a
        gazetteer). `date` (YYYY-MM-DD) is the publication date every relative
        date is resolved against. Raises TocsinError naming the record when it cannot be
        coded (a missing or bad date)."""
        if id is None or id == "":
            raise TocsinError(None, "document without an id")
        if text is None:
            raise TocsinError(id, "no text")
        body = _b(text)
        keep = [_b(str(id)), _b(_date(date)), _b(title), _b(url), _b(source), body]
        doc = _lib.Doc(keep[0], keep[1], keep[2], keep[3], keep[4], keep[5], len(body))
        return self._coder().code(doc, id)

    def code_records(self, records):
        """Codes records shaped like JSON Lines input ({"id", "date", "text"} plus optional
        "title", "url", "source"), yielding (record, events) in order; a bad record raises
        TocsinError naming it."""
        for r in records:
            yield r, self.code(r.get("text"), date=r.get("date"), id=r.get("id"), title=r.get("title"),
                               url=r.get("url"), source=r.get("source"))
