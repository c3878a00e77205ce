"""The case format's vocabularies: the values a field may take, and the one definition of death.

They sit apart from the model (atlas/cases/model.py, which types its fields with them) so that
their wording (atlas/cases/wording.py) can sit beside them and the model can read it: the
field reference's meaning of each status comes from that table too.
"""

from __future__ import annotations

from typing import Literal

Sex = Literal["female", "male"]
Side = Literal["left", "right", "bilateral"]
Confidence = Literal["high", "medium", "low"]
Symptom = Literal[
    "abdominal pain",
    "flank/back pain",
    "abdominal distension",
    "palpable mass",
    "weight loss",
    "haematuria",
    "hypertension",
    "leg oedema",
    "varicocele",
    "incidental finding",
    "other",
]
Extension = Literal[
    "renal vein wall", "renal vein lumen", "inferior vena cava", "kidney", "renal artery", "perirenal fat"
]
MeasuredOn = Literal["imaging", "operation", "specimen"]
CountedFrom = Literal["surgery", "diagnosis"]
Modality = Literal[
    "ultrasound",
    "doppler ultrasound",
    "contrast-enhanced ultrasound",
    "CT",
    "MRI",
    "PET-CT",
    "venography",
    "angiography",
    "other",
]
Impression = Literal[
    "renal vein leiomyosarcoma",
    "retroperitoneal sarcoma",
    "renal cell carcinoma",
    "paraganglioma",
    "other",
]
BiopsyType = Literal["core needle", "fine-needle aspiration", "other"]
IhcResult = Literal["positive", "negative", "focal"]
Margins = Literal["negative", "positive"]
Surgery = Literal["radical nephrectomy", "local excision", "partial nephrectomy", "other", "none"]
Approach = Literal["open", "laparoscopic", "robotic", "converted to open"]
Therapy = Literal["chemotherapy", "radiotherapy", "chemoradiotherapy", "other"]
Status = Literal["NED", "AWD", "DOD", "DOC"]
# The kind of document this record's values were read from (not a judgement of its quality).
SourceType = Literal[
    "case report",
    "case series",
    "congress abstract",
    "video abstract",
    "letter",
    "review table row",
]
AppraisalInstrument = Literal["JBI case report", "Murad 2018"]  # atlas.cases.instruments.INSTRUMENTS
AppraisalAnswer = Literal["yes", "no", "unclear", "not applicable"]

# The statuses that mean the patient died, from any cause: the event of the survival curves, and
# the statuses whose follow-up time is the time to death.
DEATH: frozenset[Status] = frozenset({"DOD", "DOC"})
