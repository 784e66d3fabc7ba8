"""Word diffs read as a lawyer reads an amendment: one edit, one replacement."""

from lextrack.store.diff import render_word, word_diff

# L227-1 of the Code de la sécurité sociale, last alinéa, in its versions of 2004-12-21 and 2011-12-21
# (corpus/steeve-everything/versions).
OLD = (
    "Les conventions et, le cas échéant, les avenants qui les modifient sont transmis "
    "à la commission mentionnée à l'article L. 111-9."
)
NEW = (
    "Les conventions et, le cas échéant, les avenants qui les modifient sont transmis "
    "aux commissions parlementaires mentionnées à l'article LO. 111-9."
)


def test_adjacent_word_changes_form_one_replacement() -> None:
    shown = render_word(word_diff(OLD, NEW), whole=True)
    assert "[-à la commission mentionnée-]{+aux commissions parlementaires mentionnées+}" in shown
    assert "[-L-]{+LO+}" in shown


def test_ops_rebuild_both_texts_exactly() -> None:
    ops = word_diff(OLD, NEW)
    assert "".join(o.old for o in ops) == OLD
    assert "".join(o.new for o in ops) == NEW


def test_alinea_break_keeps_two_changes_apart() -> None:
    old = "1° Les objectifs liés\n\n2° Les règles de calcul"
    new = "1° Les buts liés\n\n2° Les modes de calcul"
    shown = render_word(word_diff(old, new), whole=True)
    assert "[-objectifs-]{+buts+}" in shown and "[-règles-]{+modes+}" in shown
