"""Step 2, what is cited and what cites: references.bib and its checks, the [@key] citations of the
prose, CSL/Vancouver formatting, the literature data (published figures, leads), exports of the
references, and the atlas's own citation (CITATION.cff, release, site identity)."""
