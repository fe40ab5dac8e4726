"""tocsin._lib — finds and loads libtocsin.so with ctypes and declares the public C API
of include/tocsin.h (the structs mirror the header field for field; keep them in step).

Where the library comes from, first match wins:
  1. $TOCSIN_LIB, a path to the shared library;
  2. the build tree of a checkout: build/libtocsin.so beside this package's python/ folder;
  3. the system: ctypes.util.find_library("tocsin"), else the soname libtocsin.so.0.
"""
import ctypes
import ctypes.util
import os
import threading

SONAME = "libtocsin.so.0"


class Actor(ctypes.Structure):
    """struct tocsin_actor."""
    _fields_ = [("code", ctypes.c_char * 32),
                ("text", ctypes.c_void_p),
                ("text_len", ctypes.c_size_t),
                ("match", ctypes.c_int)]


class Geo(ctypes.Structure):
    """struct tocsin_geo."""
    _fields_ = [("type", ctypes.c_int),
                ("name", ctypes.c_char * 128),
                ("country", ctypes.c_char * 3),
                ("fips", ctypes.c_char * 3),
                ("adm1", ctypes.c_char * 12),
                ("lat", ctypes.c_double),
                ("lon", ctypes.c_double),
                ("geonameid", ctypes.c_uint32)]


class Event(ctypes.Structure):
    """struct tocsin_event."""
    _fields_ = [("doc_id", ctypes.c_char_p),
                ("sentence", ctypes.c_int),
                ("date", ctypes.c_char * 11),
                ("source", Actor),
                ("target", Actor),
                ("code", ctypes.c_char * 5),
                ("root", ctypes.c_char * 3),
                ("quad_class", ctypes.c_int),
                ("goldstein", ctypes.c_double),
                ("verb_text", ctypes.c_void_p),
                ("verb_len", ctypes.c_size_t),
                ("text", ctypes.c_void_p),
                ("text_len", ctypes.c_size_t),
                ("issues", ctypes.c_char_p),
                ("plover_type", ctypes.c_char_p),
                ("plover_mode", ctypes.c_char_p),
                ("plover_context", ctypes.c_char_p),
                ("confidence", ctypes.c_int),
                ("action_geo", Geo),
                ("actor1_geo", Geo),
                ("actor2_geo", Geo)]


class Doc(ctypes.Structure):
    """struct tocsin_doc."""
    _fields_ = [("id", ctypes.c_char_p),
                ("date", ctypes.c_char_p),
                ("title", ctypes.c_char_p),
                ("url", ctypes.c_char_p),
                ("source", ctypes.c_char_p),
                ("text", ctypes.c_char_p),
                ("text_len", ctypes.c_size_t)]


EVENT_FN = ctypes.CFUNCTYPE(None, ctypes.POINTER(Event), ctypes.c_void_p)
ERROR_FN = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_void_p)

_lock = threading.Lock()
_lib = None


def candidates():
    """The paths tried, in order (for the error message when none loads)."""
    out = []
    env = os.environ.get("TOCSIN_LIB")
    if env:
        out.append(env)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out.append(os.path.join(root, "build", "libtocsin.so"))
    found = ctypes.util.find_library("tocsin")
    if found:
        out.append(found)
    out.append(SONAME)
    return out


def _declare(lib):
    P = ctypes.c_void_p
    sig = {
        "tocsin_dict_new": (P, []),
        "tocsin_dict_add": (ctypes.c_int, [P, ctypes.c_char_p]),
        "tocsin_dict_finish": (ctypes.c_int, [P]),
        "tocsin_dict_free": (None, [P]),
        "tocsin_coder_new": (P, [P]),
        "tocsin_coder_free": (None, [P]),
        "tocsin_coder_set_locations": (None, [P, ctypes.c_int]),
        "tocsin_code": (ctypes.c_int, [P, ctypes.POINTER(Doc), EVENT_FN, P]),
        "tocsin_coder_error": (ctypes.c_char_p, [P]),
        "tocsin_match_name": (ctypes.c_char_p, [ctypes.c_int]),
        "tocsin_set_error_handler": (None, [ERROR_FN, P]),
    }
    for name, (res, args) in sig.items():
        f = getattr(lib, name)
        f.restype = res
        f.argtypes = args
    return lib


def lib():
    """The loaded library (loaded on first use). Raises OSError naming every path
    tried when none can be loaded."""
    global _lib
    with _lock:
        if _lib is None:
            tried = []
            for path in candidates():
                if os.sep in path and not os.path.exists(path):
                    tried.append(path + " (no such file)")
                    continue
                try:
                    _lib = _declare(ctypes.CDLL(path))
                    break
                except OSError as e:
                    tried.append("%s (%s)" % (path, e))
            if _lib is None:
                raise OSError("tocsin: cannot load libtocsin: tried " + "; ".join(tried) +
                              ". Build it with `make` in the checkout, or set TOCSIN_LIB to its path.")
        return _lib
