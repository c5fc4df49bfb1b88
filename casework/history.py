"""流转记录 as a page shows it: each history row with its transition's label and its states' labels,
for any programme (its Rules and its state choices)."""


def history_rows(entries, rules: dict, states: dict) -> list[dict]:
    """One dict per row, oldest first as given: the row, its label, from and to labels."""
    return [
        {
            "entry": entry,
            "label": rules[entry.transition].label if entry.transition in rules else "",
            "from_label": states.get(entry.from_state, entry.from_state),
            "to_label": states.get(entry.to_state, entry.to_state),
        }
        for entry in entries
    ]
