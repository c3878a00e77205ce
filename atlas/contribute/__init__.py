"""Beside the flow, for contributors: the annotated new-case scaffold, the issue form turned into a
case file, and the summary of what a change to the cases does (for a pull request)."""
