from __future__ import annotations

from corroborate.link.questions import (
    QuestionKey,
    attach_placeless,
    counted_class,
    country_of,
    event_class,
    question_key,
)


def test_counted_classes() -> None:
    assert counted_class("special forces troops") == "troops"
    assert counted_class("North Korean soldiers") == "troops"
    assert counted_class("military personnel") == "troops"
    assert counted_class("civilians") == "civilians"
    assert counted_class("tanks") == "tanks"  # no class: the head noun itself
    assert counted_class(None) == "items"


def test_event_classes() -> None:
    assert event_class("shipped to Russia's Far East") == "deployed"
    assert event_class("killed or wounded") == "casualties"
    assert event_class("lost") == "casualties"
    assert event_class(None, "troops were sent to the front") == "deployed"
    assert event_class(None, "nothing to see") == "count"


def test_places_resolve_to_their_country() -> None:
    assert country_of("Russia's Far East") == "Russia"
    assert country_of("the Kursk region") == "Russia"
    assert country_of("occupied Ukraine") == "Ukraine"
    assert country_of("France") == "France"
    assert country_of("northern Syria") == "Syria"
    assert country_of(None) is None


def test_differently_worded_deployments_share_a_question() -> None:
    first = question_key(
        counted="special forces troops",
        owner="North Korean",
        event="shipped to",
        place="Russia's Far East",
        period=None,
        unit=None,
    )
    second = question_key(
        counted="North Korean soldiers",
        owner=None,
        event="training in",
        place="Kursk",
        period=None,
        unit=None,
    )
    assert first == second
    assert first.label() == "How many North Korean troops were sent to Russia?"


def test_rates_and_units_are_separate_questions() -> None:
    base = dict(counted="Russian soldiers", owner=None, event="lost", place=None, unit=None)
    assert question_key(**base, period="per day") != question_key(**base, period=None)
    assert "per day" in question_key(**base, period="per day").label()


def test_placeless_claims_join_the_best_supported_question() -> None:
    def key(place: str | None) -> QuestionKey:
        return QuestionKey("North Korean", "troops", "deployed", place, None, None)

    keys = [key("Russia"), key("Russia"), key("Ukraine"), key(None)]
    assert attach_placeless(keys)[-1] == key("Russia")
    lonely = QuestionKey("Russian", "troops", "casualties", None, None, None)
    assert attach_placeless([lonely]) == [lonely]  # nothing to join: stays placeless
