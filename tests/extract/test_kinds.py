"""Kinds, event classes and counted classes: the API the question keys use."""

from __future__ import annotations

from corroborate.extract import extract_claims
from corroborate.extract.counted import counted_class
from corroborate.extract.events import EVENT_CLASSES, EVENT_LABELS, classes_in, event_class
from corroborate.records import KINDS, Document


def test_every_class_has_a_label() -> None:
    assert set(EVENT_LABELS) == set(EVENT_CLASSES)
    assert EVENT_LABELS["deployed"] == "sent"
    assert EVENT_LABELS["killed"] == "killed"


def test_event_class_from_words_alone() -> None:
    assert event_class("sent to the front", "") == "deployed"
    assert event_class("killed or wounded", "") == "casualties"
    assert event_class("killed, wounded or missing", "") == "casualties"
    assert event_class("wounded", "") == "wounded"
    assert event_class(None, "Nothing happened to 12 of them.") is None


def test_harm_is_never_deployment() -> None:
    sentence = "The 300 soldiers sent to the front were killed in the first week."
    assert event_class("sent to the front", sentence, counted="soldiers sent") == "killed"
    assert classes_in("killed and wounded") == ("casualties",)


def test_disaster_deaths_are_died() -> None:
    assert event_class("died", "The flood: 120 people died.", counted="people") == "died"
    assert event_class("killed", "120 soldiers were killed.", counted="soldiers") == "killed"


def test_counted_classes() -> None:
    for troops in ("special forces troops", "servicemen", "military personnel", "soldiers"):
        assert counted_class(troops) == "troops"
    assert counted_class("sappers") == "engineers"
    assert counted_class("military construction workers") == "builders"
    assert counted_class("workers") == "workers"
    assert counted_class("casualties", "the army lost troops") == "troops"
    assert counted_class("deaths", "the flood toll") == "people"
    assert counted_class("percent") is None
    assert counted_class("photos") is None
    assert counted_class("tanks") == "tanks"
    assert counted_class(None) is None


def test_officers_are_police_where_the_sentence_speaks_of_police() -> None:
    assert counted_class("officers", "three officers were hurt, police said") == "police"
    assert counted_class("officers", "500 officers were among the soldiers killed") == "troops"
    assert counted_class("officers", "500 officers were killed at the front") == "troops"


def test_every_claim_has_a_known_kind() -> None:
    text = (
        "Officials said 2,000 soldiers were sent, another 500 arrived on Monday, and 1,000 "
        "more will follow. Of them, 40 were wounded. Losses run at 30 a day."
    )
    claims = extract_claims(Document(text=text))
    assert claims
    assert all(c.kind in KINDS for c in claims)
    assert {c.kind for c in claims} >= {"increment", "rate"}


def test_a_headline_restating_a_batch_is_that_batch() -> None:
    text = (
        "Island sends 700 medics to the coast\n\n"
        "The island sent 700 more medics to the coast on Friday, the ministry said."
    )
    claims = extract_claims(Document(text=text))
    assert [c.kind for c in claims if c.value == 700] == ["increment", "increment"]
