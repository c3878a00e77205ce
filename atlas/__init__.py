"""RVLMS Evidence Atlas: the library behind build_site.py.

One module per step of the flow: load → validate → aggregate → chart → render → build.
"""

__version__ = "0.1.0"
