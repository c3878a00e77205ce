"""What the Methods page says about evidence quality, from the data the atlas computes with.

The item → fields table printed there is atlas.cases.instruments.READING itself, the mapping
that atlas.evidence.reporting counts with, so the documentation cannot drift from the numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, get_args

from atlas.cases.instruments import CARE_GUIDELINE, INSTRUMENTS, JBI_CASE_REPORT, MURAD_2018, READING
from atlas.cases.model import Case
from atlas.cases.vocabularies import SourceType
from atlas.evidence.reporting import appraisal_count


def evidence_quality_context(cases: Sequence[Case]) -> dict[str, Any]:
    return {
        "source_types": get_args(SourceType),
        "reading": READING,
        "jbi": JBI_CASE_REPORT,
        "murad": MURAD_2018,
        "instruments": list(INSTRUMENTS.values()),
        "care": CARE_GUIDELINE,
        "appraisals": appraisal_count(cases),
    }
