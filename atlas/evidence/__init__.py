"""Step 3, the evidence: pure aggregation with honest denominators, survival estimates, the case
summaries walked from the model, and chart specs with the table of the same numbers. No I/O."""
