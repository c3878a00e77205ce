"""Step 1, the case format: the model (its one definition), the JSON Schema made from it, safe loading
with a line for every value, validation into contributor-readable messages, the cross-field and
cross-file rules, probable duplicate patients, and the field reference."""
