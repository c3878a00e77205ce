"""RVLMS Evidence Atlas: the library behind build_site.py.

A subpackage per step of the flow, imports pointing one way: cases (the case format: load,
validate, checks) → sources (references, literature) → inputs (everything read once) → evidence
(counts, survival, charts) → pages (generators and templates) → site (MkDocs, link check, publish);
contribute/ stands beside the flow, for contributors' tools.
"""

__version__ = "0.1.0"
