from __future__ import annotations

from corroborate.link.questions import (
    QuestionKey,
    attach_unspecified,
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


def test_theatres_are_questions_of_their_own() -> None:
    from corroborate.link.questions import question_place

    assert question_place("the Kursk region") == "Kursk, Russia"
    assert question_place("Russia's Far East") == "Russia"
    assert question_place("eastern Russia") == "Russia"
    kursk = question_key(
        counted="soldiers",
        owner="North Korean",
        event="sent to",
        place="Russia's Kursk region",
        period=None,
        unit=None,
    )
    assert kursk.label() == "How many North Korean troops were sent to Kursk, Russia?"


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
        place="eastern Russia",
        period=None,
        unit=None,
    )
    assert first == second
    assert first.label() == "How many North Korean troops were sent to Russia?"


def test_rates_and_units_are_separate_questions() -> None:
    base = dict(counted="Russian soldiers", owner=None, event="lost", place=None, unit=None)
    assert question_key(**base, period="per day") != question_key(**base, period=None)
    assert "per day" in question_key(**base, period="per day").label()


def test_unspecified_claims_join_the_best_supported_question() -> None:
    def key(owner: str | None, place: str | None, event: str = "deployed") -> QuestionKey:
        return QuestionKey(owner, "troops", event, place, None, None)

    keys = [key("North Korean", "Russia")] * 2 + [key("North Korean", "Ukraine")]
    assert attach_unspecified([*keys, key("North Korean", None)])[-1] == key(
        "North Korean", "Russia"
    )
    assert attach_unspecified([*keys, key(None, "Ukraine")])[-1] == key("North Korean", "Ukraine")
    assert attach_unspecified([*keys, key(None, None, "count")])[-1] == key(
        "North Korean", "Russia"
    )
    # what a claim does say is never overridden
    assert attach_unspecified([*keys, key("Russian", None)])[-1] == key("Russian", None)
    lonely = QuestionKey("Russian", "troops", "casualties", None, None, None)
    assert attach_unspecified([lonely]) == [lonely]


def test_rate_periods() -> None:
    from corroborate.link.questions import rate_period

    assert rate_period("per day") == "per day"
    assert rate_period("a day on average in the last seven days") == "per day"
    assert rate_period("daily") == "per day"
    assert rate_period("last week") is None
    assert rate_period(None) is None
