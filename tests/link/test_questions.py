from __future__ import annotations

from dataclasses import replace

from corroborate.link.questions import (
    QuestionKey,
    attach_unspecified,
    country_of,
    inherit_from_document,
    question_counted,
    question_event,
    question_key,
)


def test_counted_classes() -> None:
    assert question_counted("special forces troops") == "troops"
    assert question_counted("North Korean soldiers") == "troops"
    assert question_counted("military personnel") == "troops"
    assert question_counted("civilians") == "civilians"
    assert question_counted("tanks") == "tanks"  # no class: the head noun itself
    assert question_counted("percent") is None  # a unit: nothing to ask about
    assert question_counted(None) is None
    assert question_counted("soldiers", given="engineers") == "engineers"  # the extractor's


def test_event_classes() -> None:
    assert question_event("shipped to Russia's Far East") == "deployed"
    assert question_event("killed or wounded") == "casualties"
    assert question_event(None, "troops were sent to the front") == "deployed"
    assert question_event(None, "nothing to see") == "count"
    assert question_event(None, given="died") == "killed"  # a toll and the killed: one question
    assert question_event(None, given="present") == "deployed"


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


def test_owner_left_unsaid_is_the_articles() -> None:
    def key(owner: str | None, counted: str | None = "troops") -> QuestionKey:
        return QuestionKey(owner, counted, "deployed", "Russia", None, None)

    keys = [key("North Korean"), key(None), key(None, None), key(None)]
    filled = inherit_from_document(keys, [1, 1, 1, 2])
    assert [k.owner for k in filled] == ["North Korean", "North Korean", "North Korean", None]


def test_event_nouns_count_people_or_troops_and_join_the_question_they_answer() -> None:
    assert question_counted("military engineers") == "engineers"
    assert question_counted("construction workers") != "troops"
    toll = question_key(
        counted="deaths", owner=None, event=None, place="Turkey", period=None, unit=None,
        event_class_given="died",
    )  # fmt: skip
    people = question_key(
        counted="people", owner=None, event="killed", place="Turkey", period=None, unit=None
    )
    assert toll == people


def test_kinds_answer_their_own_questions_and_plans_the_main_one() -> None:
    base = dict(counted="troops", owner="North Korean", event="sent", place="Russia",
                period=None, unit=None)  # fmt: skip
    total = question_key(**base, kind="total")
    assert question_key(**base, kind="planned") == total
    more = question_key(**base, kind="increment")
    assert more != total and more.label().startswith("How many more")
    assert question_key(**base, kind="subset") not in (total, more)


def test_killed_never_answers_killed_or_wounded() -> None:
    base = dict(counted="soldiers", owner="North Korean", event=None, place=None,
                period=None, unit=None)  # fmt: skip
    killed = question_key(**base, event_class_given="killed")
    both = question_key(**base, event_class_given="casualties")
    wounded = question_key(**base, event_class_given="wounded")
    assert len({killed, both, wounded}) == 3
    assert question_key(**base, event_class_given="died") == killed


def test_a_place_inside_another_links_to_its_parent_question() -> None:
    from corroborate.store.repository import parent_key, parent_questions

    kursk = question_key(
        counted="troops", owner="North Korean", event="sent", place="the Kursk region",
        period=None, unit=None,
    )  # fmt: skip
    russia = question_key(
        counted="troops", owner="North Korean", event="sent", place="Russia",
        period=None, unit=None,
    )  # fmt: skip
    assert kursk != russia
    assert parent_key(kursk.text()) == russia.text()
    assert parent_key(russia.text()) is None
    assert parent_questions({1: russia.text(), 2: kursk.text()}) == {2: 1}


def test_an_armys_losses_are_one_question_wherever_they_fell() -> None:
    base = dict(counted="soldiers", owner="North Korean", event=None, period=None, unit=None,
                event_class_given="killed")  # fmt: skip
    in_russia = question_key(**base, place="Russia")
    in_ukraine = question_key(**base, place="Ukraine")
    assert in_russia == in_ukraine == question_key(**base, place=None)
    assert question_key(**base, place="the Kursk region") == in_russia  # where it fights
    sent = dict(base, event_class_given="deployed")
    assert question_key(**sent, place="the Kursk region").place == "Kursk, Russia"
    quake = dict(counted="people", owner=None, event=None, period=None, unit=None,
                 event_class_given="died")  # fmt: skip
    assert question_key(**quake, place="Turkey") != question_key(**quake, place="Syria")


def test_people_named_by_who_they_are_count_as_troops_in_war() -> None:
    assert question_counted("North Koreans") in ("troops", "people")
    from corroborate.extract.counted import counted_class

    assert counted_class("North Koreans", "killed in combat near the front") == "troops"
    assert counted_class("Russian men under 50", "killed in the war") == "troops"
    assert counted_class("Ukrainians", "fled the country") == "people"


def test_a_crowd_in_a_city_is_its_own_question_part_of_its_country() -> None:
    from corroborate.store.repository import parent_key

    base = dict(owner=None, event=None, period=None, unit=None, event_class_given="attended")
    city = question_key(counted="protesters", place="Paris", **base)  # type: ignore[arg-type]
    country = question_key(counted="people", place="France", **base)  # type: ignore[arg-type]
    assert city.place == "Paris, France" and country.place == "France"
    assert city.counted == country.counted  # protesters and people: one crowd
    assert parent_key(city.text()) == country.text()
    police = question_key(counted="police officers", place=None, event=None, owner=None,
                          period=None, unit=None, event_class_given="wounded")  # fmt: skip
    assert police.counted == "police"


def test_a_storys_unsaid_place_is_its_one_country() -> None:
    def key(place: str | None) -> QuestionKey:
        return QuestionKey(None, "people", "attended", place, None, None)

    keys = [key(None), key(None), key(None), key("France"), key("Paris, France")]
    assert attach_unspecified(keys)[0] == key("France")
    rivals = [key(None), key(None), key(None), key("Turkey"), key("Syria")]
    assert attach_unspecified(rivals)[0] == key(None)


def test_only_people_and_things_make_a_question() -> None:
    assert question_counted("tanks") == "tanks"
    assert question_counted("artillery pieces") == "pieces"
    for stranded in ("amid", "phases", "millimeter", "earlier"):
        assert question_counted(stranded) is None, stranded


def test_an_unread_place_is_the_country_its_sentence_names() -> None:
    from corroborate.link.questions import sentence_country

    assert sentence_country("Freedonia's toll has climbed to 900") is None  # no country known
    assert sentence_country("Syria's toll had climbed past 700") == "Syria"
    assert sentence_country("The Syrian health ministry reported 300 dead") == "Syria"
    assert sentence_country("The Turkey-Syria quake toll passed 800") == "Syria and Turkey"
    assert sentence_country("Workers came from China, Ukraine and Syria: 87 in all") is None
    # a source's nationality yields to a country the sentence names
    assert sentence_country("British intelligence said the Russian army lost 900") == "Russia"
    toll = dict(counted="deaths", owner=None, event=None, place=None, period=None, unit=None,
                event_class_given="died")  # fmt: skip
    syria = question_key(**toll, sentence="Syria's toll had climbed past 700")
    assert syria == question_key(**dict(toll, place="Syria"))
    both = question_key(**toll, sentence="The Turkey-Syria quake toll passed 800")
    assert both.place == "Syria and Turkey"
    crowd = dict(toll, counted="people", event_class_given="attended")
    assert question_key(**crowd, sentence="Serbian police said 9,000 marched").place is None


def test_an_articles_one_country_is_the_place_its_figures_leave_unsaid() -> None:
    def key(place: str | None) -> QuestionKey:
        return QuestionKey(None, "people", "killed", place, None, None)

    one = inherit_from_document([key("Turkey"), key("Turkey"), key(None)], [1, 1, 1])
    assert one[2] == key("Turkey")
    mixed = inherit_from_document([key("Turkey"), key("Syria"), key(None)], [1, 1, 1])
    assert mixed[2] == key(None)  # neither dominates
    theatre = inherit_from_document([key("Paris, France"), key(None)], [1, 1])
    assert theatre[1] == key(None)  # a city is no article's place


def test_people_of_an_army_the_article_counts_are_that_army() -> None:
    def key(owner: str | None, counted: str, place: str | None = None) -> QuestionKey:
        return QuestionKey(owner, counted, "casualties", place, None, None)

    troops = key("North Korean", "troops")
    keys = [troops, key("North Korean", "people"), key(None, "people")]
    assert inherit_from_document(keys, [1, 1, 1])[1:] == [troops, troops]
    # a country's losses are its army's when the article counts that army
    russia = [key("Russian", "troops"), key(None, "people", "Russia")]
    assert inherit_from_document(russia, [1, 1])[1] == key("Russian", "troops")
    # people counted in a place, in an article that counts no army of theirs, stay people
    quake = [key(None, "people", "Turkey"), key(None, "people", "Turkey")]
    assert inherit_from_document(quake, [1, 1]) == quake
    # the dead of one incident, or people killed with no owner, may be civilians
    strike = replace(key(None, "people"), kind="other")
    killed = replace(key(None, "people"), event="killed")
    assert inherit_from_document([troops, strike, killed], [1, 1, 1])[1:] == [strike, killed]
    # an article counting two armies gives no owner to people of none
    two = [key("Russian", "troops"), key("Ukrainian", "troops"), key(None, "people")]
    assert inherit_from_document(two, [1, 1, 1])[2] == key(None, "people")


def test_a_part_set_apart_by_what_befell_it_answers_that_question() -> None:
    base = dict(counted="soldiers", owner="North Korean", event=None, place=None, period=None,
                unit=None, event_class_given="killed")  # fmt: skip
    killed = question_key(**base, kind="total")
    among = "The army reported 9,000 casualties, including 2,000 deaths."
    assert question_key(**base, kind="subset", sentence=among) == killed
    breakdown = "Of the 2,000 killed, 300 fell near the river."
    assert question_key(**base, kind="subset", sentence=breakdown).kind == "subset"
    wounded = dict(base, event_class_given="casualties")  # casualties are no part of themselves
    assert question_key(**wounded, kind="subset", sentence=among).kind == "subset"


def test_the_dead_counted_by_name_answer_a_question_of_their_own() -> None:
    base = dict(counted="soldiers", owner="North Korean", event=None, place=None, period=None,
                unit=None, event_class_given="killed", kind="total")  # fmt: skip
    estimate = question_key(**base, sentence="Up to 20,000 soldiers may have been killed.")
    named = question_key(**base, sentence="Volunteers established the names of 8,000 dead.")
    assert estimate.kind is None and named.kind == "named"
    assert named.label() == "How many North Korean troops were killed? (counted by name)"
    sent = dict(base, event_class_given="deployed")
    assert question_key(**sent, sentence="the names of 800 soldiers sent").kind is None


def test_a_batch_sent_to_a_theatre_is_a_batch_sent_to_its_country() -> None:
    base = dict(counted="troops", owner="North Korean", event="sent", period=None, unit=None)
    more = question_key(**base, place="the Kursk region", kind="increment")  # type: ignore[arg-type]
    assert more == question_key(**base, place="Russia", kind="increment")  # type: ignore[arg-type]
    stock = question_key(**base, place="the Kursk region", kind="total")  # type: ignore[arg-type]
    assert stock.place == "Kursk, Russia"  # a stock in a theatre stays a part of its own
