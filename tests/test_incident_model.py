"""The document-level incident model on sentences written for these tests (never copied from
a corpus): non-events, casualty phrasings, interceptions, actors, places, dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from geonews.casualties import Tally, casualty_mentions, parse_count
from geonews.dates import resolve_date
from geonews.documents import Article
from geonews.gazetteer import Gazetteer
from geonews.geoparse import Geoparser
from geonews.pipeline import extract

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


NON_EVENTS = [
    tuple(part.strip() for part in line.split("|", 1)) for line in _rows("non_events.txt")
]
CASUALTIES = [line.split("\t") for line in _rows("casualties.tsv")]


@pytest.fixture(scope="module")
def geoparser(gazetteer: Gazetteer) -> Geoparser:
    return Geoparser(gazetteer)


def events(geoparser: Geoparser, text: str, published: str = "2025-05-06") -> list[dict[str, Any]]:
    return list(extract(Article(text=text, published=published), geoparser)["events"])


def placed_types(geoparser: Geoparser, text: str) -> list[tuple[str, str]]:
    """(place, ACLED sub-event type) of each incident, in the order extracted."""
    return [(e["place"]["name"], e["sub_event_type"]) for e in events(geoparser, text)]


def test_every_non_event_category_has_three_sentences() -> None:
    categories = [category for category, _ in NON_EVENTS]
    for category in set(categories):
        assert categories.count(category) >= 3, category


@pytest.mark.parametrize(("category", "sentence"), NON_EVENTS, ids=[s[:40] for _, s in NON_EVENTS])
def test_non_events_yield_no_incident(geoparser: Geoparser, category: str, sentence: str) -> None:
    found = events(geoparser, sentence)
    assert found == [], (category, [(e["place"]["name"], e["sub_event_type"]) for e in found])


@pytest.mark.parametrize(("text", "dead", "hurt"), CASUALTIES, ids=[c[0][:40] for c in CASUALTIES])
def test_casualty_totals(geoparser: Geoparser, text: str, dead: str, hurt: str) -> None:
    found = events(geoparser, text)
    assert len(found) == 1, [(e["place"]["name"], e["sub_event_type"]) for e in found]
    expected = (int(dead) if dead.strip() else None, int(hurt) if hurt.strip() else None)
    assert (found[0]["fatalities"], found[0]["injured"]) == expected


def test_vague_amounts_keep_their_phrase(geoparser: Geoparser) -> None:
    (event,) = events(geoparser, "A drone strike on Dnipro killed a number of civilians.")
    assert event["fatalities"] is None
    assert "a number" in (event["fatalities_raw"] or "")


def test_mentions_across_sentences_are_one_incident(geoparser: Geoparser) -> None:
    text = (
        "A Russian missile struck an apartment block in Kryvyi Rih on Tuesday. "
        "The attack damaged a school and a shop. "
        "Rescuers said four people were killed. "
        "By evening the death toll had risen to seven, and 30 people were injured."
    )
    (event,) = events(geoparser, text)
    assert event["place"]["name"] == "Kryvyi Rih"
    assert event["sub_event_type"] == "Shelling/artillery/missile attack"
    assert (event["fatalities"], event["injured"], event["actor1"]) == (7, 30, "Russia")
    assert event["evidence"]["text"].startswith("A Russian missile struck")


def test_same_place_two_weapons_two_incidents(geoparser: Geoparser) -> None:
    text = (
        "Russian drones hit Nikopol in the morning, injuring two people. "
        "In the afternoon Russian artillery shelled the city of Marhanets."
    )
    found = {(e["place"]["name"], e["sub_event_type"]) for e in events(geoparser, text)}
    assert found == {
        ("Nikopol", "Air/drone strike"),
        ("Marhanets", "Shelling/artillery/missile attack"),
    }


def test_interception_is_a_strategic_development_of_the_attacker(geoparser: Geoparser) -> None:
    text = "Ukraine's air force shot down 40 drones over the Kyiv region; nobody was hurt."
    (event,) = events(geoparser, text)
    assert event["event_type"] == "Strategic developments"
    assert event["actor1"] == "Russia"
    assert (event["fatalities"], event["injured"]) == (0, 0)


def test_a_russian_governor_reporting_drones_implies_ukraine(geoparser: Geoparser) -> None:
    text = (
        "Drones attacked an oil depot in Bryansk overnight, the Russian region's governor said. "
        "Air defences destroyed six of them over the Bryansk region, he added."
    )
    found = events(geoparser, text)
    assert found and all(e["actor1"] == "Ukraine" for e in found)


def test_the_enemy_in_a_ukrainian_report_is_russia(geoparser: Geoparser) -> None:
    text = "The enemy shelled Kupiansk in eastern Ukraine three times, the regional governor wrote."
    (event,) = events(geoparser, text)
    assert (event["place"]["name"], event["actor1"]) == ("Kupiansk", "Russia")


def test_a_claimed_capture_is_a_strategic_development(geoparser: Geoparser) -> None:
    text = "Russia's defence ministry said its forces had captured the village of Novoselivka in Ukraine's Donetsk region."
    (event,) = events(geoparser, text)
    assert event["event_type"] == "Strategic developments"
    assert event["actor1"] == "Russia"


def test_ground_fighting_is_an_armed_clash(geoparser: Geoparser) -> None:
    text = (
        "Fierce fighting between Russian and Ukrainian troops continued around Toretsk on Monday."
    )
    (event,) = events(geoparser, text)
    assert (event["place"]["name"], event["sub_event_type"]) == ("Toretsk", "Armed clash")


def test_a_container_locating_a_village_is_no_incident(geoparser: Geoparser) -> None:
    text = "Russian artillery shelled Stepnohirsk, Vasylivka district, Zaporizhzhia region, wounding a man."
    (event,) = events(geoparser, text)
    assert event["place"]["name"] == "Stepnohirsk"
    assert event["injured"] == 1


def test_place_without_geonames_id_is_kept(geoparser: Geoparser) -> None:
    # a city district with no GeoNames unit is placed at its city
    text = "Russian missiles hit Kharkiv on Friday: a warehouse burned in the Slobidskyi district of the city."
    found = events(geoparser, text)
    assert found and all(e["place"]["lat"] is not None for e in found)


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("two hundred and fifty", 250),
        ("a hundred", 100),
        ("one thousand two hundred", 1200),
        ("twenty-one", 21),
        ("at least 12", 12),
        ("1,200", 1200),
        ("a", None),
        ("an", None),
        ("dozens", None),
        ("two dozen", 24),
        ("a dozen", None),
        ("999999999", None),
    ],
)
def test_parse_count(phrase: str, value: int | None) -> None:
    assert parse_count(phrase) == value


def test_updates_replace_and_additions_add() -> None:
    tally = Tally()
    for sentence in (
        "Three people were killed.",
        "The death toll later rose to 8.",
        "Earlier reports said 5 people were injured.",
        "Two people were wounded.",
        "Another man was injured.",
    ):
        for mention in casualty_mentions(sentence):
            tally.add(mention)
    assert (tally.fatalities, tally.injured) == (8, 3)


def test_may_is_no_month() -> None:
    published = dt.date(2025, 5, 6)
    assert resolve_date("3 may have died in the attack", published) == (published, 2)
    assert resolve_date("The attack on 3 May killed two.", published) == (dt.date(2025, 5, 3), 1)


def test_earliest_date_phrase_wins() -> None:
    published = dt.date(2024, 8, 27)
    sentence = "Yesterday, August 26, drones attacked, and tonight, August 27, artillery fired."
    assert resolve_date(sentence, published) == (dt.date(2024, 8, 26), 1)


@pytest.mark.parametrize(
    ("text", "place", "sub_type", "actor"),
    [
        (
            "Israeli airstrikes killed at least 30 people in Khan Younis on Tuesday, officials said.",
            "Khan Younis",
            "Air/drone strike",
            "Israel",
        ),
        (
            "Two soldiers were killed when their vehicle hit a roadside bomb near Kandahar.",
            "Kandahar",
            "Remote explosive/landmine/IED",
            None,
        ),
        (
            "A car bomb exploded in central Moscow, killing a senior officer, investigators said.",
            "Moscow",
            "Remote explosive/landmine/IED",
            None,  # nothing in the text says who: no actor is invented
        ),
        (
            "The car of a district official was blown up in Tokmak on Saturday morning.",
            "Tokmak",
            "Remote explosive/landmine/IED",
            None,
        ),
    ],
)
def test_other_wars_and_other_weapons(
    geoparser: Geoparser, text: str, place: str, sub_type: str, actor: str | None
) -> None:
    (event,) = events(geoparser, text)
    assert (event["place"]["name"], event["sub_event_type"], event["actor1"]) == (
        place,
        sub_type,
        actor,
    )


def test_a_thwarted_drone_attack_is_an_interception(geoparser: Geoparser) -> None:
    text = "Air defence units foiled a Ukrainian drone attack on Kursk early on Sunday, the governor wrote."
    (event,) = events(geoparser, text)
    assert (event["event_type"], event["actor1"]) == ("Strategic developments", "Ukraine")


def test_counts_shared_over_a_list_of_places(geoparser: Geoparser) -> None:
    text = (
        "Russian artillery pounded towns west of Donetsk on Saturday. The Russian shelling killed "
        "three people across the district: in Kurakhove, Selydove and Myrnohrad.\n"
        "Officials later said seven residents were wounded that day — two each in Kurakhove, "
        "Selydove and Kramatorsk, and one more in Pokrovsk."
    )
    found = {e["place"]["name"]: (e["fatalities"], e["injured"]) for e in events(geoparser, text)}
    assert found == {
        "Kurakhove": (1, 2),
        "Selydove": (1, 2),
        "Myrnohrad": (1, None),
        "Kramatorsk": (None, 2),
        "Pokrovsk": (None, 1),
    }


def test_a_community_affected_in_an_attack_report_is_an_incident(geoparser: Geoparser) -> None:
    text = (
        "Russian forces launched 30 drones at the Dnipropetrovsk region overnight. "
        "The Russian army shelled Nikopol district throughout the day. "
        "Besides the district centre, the Marhanets and Pokrovske communities were affected."
    )
    places = {e["place"]["name"] for e in events(geoparser, text)}
    assert {"Marhanets", "Pokrovske"} <= places


def test_the_places_of_an_attack_named_in_a_sentence_of_their_own(geoparser: Geoparser) -> None:
    # "the affected communities include …" names the places of the shelling just reported;
    # the stems of the communities' adjectives are their towns ("Krasnokut" of Krasnokutska)
    text = (
        "Russian artillery fired at border areas of Kharkiv region 25 times overnight. "
        "The affected communities include Krasnokut, Bohodukhiv and Zolochiv."
    )
    found = {e["place"]["name"]: e for e in events(geoparser, text)}
    assert set(found) == {"Krasnokut", "Bohodukhiv", "Zolochiv"}
    assert all(e["sub_event_type"] == "Shelling/artillery/missile attack" for e in found.values())
    # Krasnokutsk and the Zolochiv of Kharkiv region, not the one near Lviv
    assert found["Krasnokut"]["place"]["lat"] == pytest.approx(50.07, abs=0.05)
    assert found["Zolochiv"]["place"]["lon"] == pytest.approx(35.98, abs=0.05)


def test_assaults_on_a_front_sector_go_to_the_villages_named_next(geoparser: Geoparser) -> None:
    text = (
        "Russian troops launched nine assaults on Ukrainian positions in the Lyman direction "
        "on Tuesday, the General Staff said. "
        "Among the villages named were Torske, Zarichne and Serebrianka."
    )
    found = placed_types(geoparser, text)
    assert sorted(found) == [
        ("Serebrianka", "Armed clash"),
        ("Torske", "Armed clash"),
        ("Zarichne", "Armed clash"),
    ]


def test_places_named_without_an_attack_before_them_are_no_incidents(
    geoparser: Geoparser,
) -> None:
    text = (
        "The regional council met on Monday to plan the harvest. "
        "The affected communities include Krasnokut, Bohodukhiv and Zolochiv."
    )
    assert events(geoparser, text) == []


def test_a_town_kilometres_from_a_captured_village_only_locates_it(
    geoparser: Geoparser,
) -> None:
    text = (
        "Russian troops seized Borova, a village about 12 kilometres south of the "
        "front-line city of Kupiansk, Moscow's defence ministry claimed."
    )
    found = placed_types(geoparser, text)
    assert found == [("Borova", "Non-violent transfer of territory")]


def test_hits_counted_per_weapon_are_one_incident_per_weapon(geoparser: Geoparser) -> None:
    text = (
        "Russian forces struck Velykyi Burluk on Sunday: four hits, probably from 120-mm "
        "mortars, and two from FPV drones."
    )
    found = sorted(placed_types(geoparser, text))
    assert found == [
        ("Velykyi Burluk", "Air/drone strike"),
        ("Velykyi Burluk", "Shelling/artillery/missile attack"),
    ]


def test_a_capture_last_year_is_history(geoparser: Geoparser) -> None:
    assert events(geoparser, "Russian troops captured Avdiivka last year after a long siege.") == []
    # ... while a strike today on a town liberated last year is an incident
    text = "Russian drones hit Kupiansk, which the army liberated last year, on Monday night."
    found = placed_types(geoparser, text)
    assert found == [("Kupiansk", "Air/drone strike")]


def test_a_canal_named_after_a_region_is_no_target(geoparser: Geoparser) -> None:
    text = "Russian drones hit a pumping station on the Dnipro-Donbas canal near Pavlohrad."
    assert [e["place"]["name"] for e in events(geoparser, text)] == ["Pavlohrad"]


def test_districts_of_a_city_named_in_an_office(geoparser: Geoparser) -> None:
    # the city is named only in the mayor's title; its districts are the places hit, each
    # an incident of its own, and "north-eastern" does not break the list
    text = (
        "Russian missiles hit the capital overnight. Kyiv mayor Oleh Petrenko said debris "
        "fell on homes in north-eastern Desnianskyi and the southern Holosiivskyi districts."
    )
    found = {e["place"]["name"]: e["place"] for e in events(geoparser, text)}
    assert set(found) == {"Desnianskyi", "Holosiivskyi"}
    for place in found.values():  # in Kyiv, not the namesakes in Chernihiv region
        assert place["lat"] == pytest.approx(50.4, abs=0.1)
        assert place["lon"] == pytest.approx(30.55, abs=0.1)


def test_a_district_of_a_city_named_after_it(geoparser: Geoparser) -> None:
    # "the X district of Kherson": not the district of that name in Kyiv
    (event,) = events(
        geoparser, "Russian drones hit the Dniprovskyi district of Kherson on Monday."
    )
    assert event["place"]["name"] == "Dniprovskyi"
    assert event["place"]["lat"] == pytest.approx(46.64, abs=0.1)


def test_a_village_beside_a_city_is_no_container_of_its_districts(geoparser: Geoparser) -> None:
    text = (
        "Russian shelling set a house on fire in Cherkaska Lozova overnight. Later a drone hit "
        "a warehouse in the Kyivskyi district of Kharkiv."
    )
    found = sorted(placed_types(geoparser, text))
    assert found == [
        ("Cherkaska Lozova", "Shelling/artillery/missile attack"),
        ("Kyivskyi", "Air/drone strike"),
    ]


def test_an_attack_reported_over_several_sentences_keeps_its_discourse(
    geoparser: Geoparser,
) -> None:
    # the reach of "were affected" counts from the last sentence about the shelling,
    # not from the first
    text = (
        "Russian artillery shelled Nikopol on Monday morning, the regional governor wrote. "
        "The shelling of Nikopol resumed at noon. "
        "By evening Russian guns were again shelling Nikopol. "
        "Apart from the city itself, the Marhanets community was also affected."
    )
    places = {e["place"]["name"] for e in events(geoparser, text)}
    assert {"Nikopol", "Marhanets"} <= places


def test_nobody_hurt_said_later_reaches_the_attack(geoparser: Geoparser) -> None:
    text = (
        "Russian drones struck an energy facility in Chernihiv overnight, officials said. "
        "The strike caused a fire at the site. "
        "Firefighters worked until dawn. "
        "Power was restored to most homes by morning. "
        "Trains to Kyiv left on time. "
        "Repairs are expected to take a week. "
        "The city council published photos of the damage. "
        "According to the regional governor, nobody was hurt."
    )
    (event,) = events(geoparser, text)
    assert (event["place"]["name"], event["fatalities"], event["injured"]) == ("Chernihiv", 0, 0)


def test_nobody_hurt_does_not_erase_a_count(geoparser: Geoparser) -> None:
    text = (
        "A Russian missile hit Poltava on Friday, injuring four people. "
        "Later the governor said no one else was hurt."
    )
    (event,) = events(geoparser, text)
    assert event["injured"] == 4


def test_attacks_on_a_front_sector_are_ground_assaults(geoparser: Geoparser) -> None:
    text = "Russian units attacked Ukrainian positions in the Lyman direction nine times on Friday."
    types = {e["sub_event_type"] for e in events(geoparser, text)}
    assert types == {"Armed clash"}


def test_a_newspaper_named_after_a_city_is_no_place(geoparser: Geoparser) -> None:
    text = "A source told the Kyiv Post that drones struck the Tuapse refinery overnight."
    places = {e["place"]["name"] for e in events(geoparser, text)}
    assert "Kyiv" not in places


def test_nobody_hurt_after_one_report_of_a_list_stays_with_it(geoparser: Geoparser) -> None:
    text = (
        "Russian artillery hit Kupiansk in the morning, injuring two people. "
        "In the evening a drone struck a barn in Balakliia. "
        "There were no casualties."
    )
    found = {e["place"]["name"]: (e["fatalities"], e["injured"]) for e in events(geoparser, text)}
    assert found == {"Kupiansk": (None, 2), "Balakliia": (0, 0)}


def test_an_interception_over_a_region_and_over_a_town_in_it_is_one(geoparser: Geoparser) -> None:
    text = (
        "Russia said its air defences shot down four Ukrainian drones over the Belgorod region "
        "on Friday night. The regional governor wrote that one drone was downed over Shebekino."
    )
    found = placed_types(geoparser, text)
    assert found == [("Shebekino", "Disrupted weapons use")]


def test_bare_numbers_after_a_count_are_counts_at_their_places(geoparser: Geoparser) -> None:
    text = (
        "Russian missiles struck several cities on Monday morning. "
        "Air defence forces were active across the country. "
        "The president said 50 people were injured in the capital, along with 17 in Vinnytsia "
        "and nine in Uman."
    )
    found = {e["place"]["name"]: e["injured"] for e in events(geoparser, text)}
    assert found["Vinnytsia"] == 17 and found["Uman"] == 9


def test_drones_shot_down_do_not_type_an_attack_that_got_through(geoparser: Geoparser) -> None:
    text = (
        "Air defence destroyed twelve Shahed drones over the Mykolaiv region overnight. "
        "In the afternoon, Russian troops attacked Ochakiv, damaging a school. "
        "Mortars and artillery pounded the coast for hours, the regional governor said."
    )
    found = {e["place"]["name"]: e["sub_event_type"] for e in events(geoparser, text)}
    assert found["Ochakiv"] == "Shelling/artillery/missile attack"


def test_a_bare_count_after_a_breakdown_by_place_belongs_to_none(geoparser: Geoparser) -> None:
    text = (
        "Ukrainian shelling killed two people in Donetsk and one in Makiivka, the local "
        "authorities installed by Russia said. Eleven others were injured in the attacks."
    )
    found = {e["place"]["name"]: (e["fatalities"], e["injured"]) for e in events(geoparser, text)}
    assert found == {"Donetsk": (2, None), "Makiivka": (1, None)}


def test_an_unmanned_aerial_vehicle_is_a_drone(geoparser: Geoparser) -> None:
    text = "A Russian unmanned aerial vehicle hit a warehouse in Sumy overnight, the governor said."
    assert [e["sub_event_type"] for e in events(geoparser, text)] == ["Air/drone strike"]


def test_damage_to_a_military_site_in_ukraine_is_russia_s_attack(geoparser: Geoparser) -> None:
    text = (
        "A military airfield in the Khmelnytskyi region was damaged overnight, the Ukrainian "
        "air force said. The base had been modernised to United States standards. "
        "Air defence forces were active over the region all night."
    )
    found = [(e["place"]["name"], e["actor1"]) for e in events(geoparser, text)]
    assert found == [("Khmelnytskyi", "Russia")]


def test_the_side_whose_depot_was_destroyed_did_not_attack(geoparser: Geoparser) -> None:
    text = (
        "Overnight in occupied Nova Kakhovka three Russian ammunition depots were destroyed, "
        "Ukraine's southern command said. Russian troops have held the town since 2022."
    )
    found = [(e["place"]["name"], e["actor1"]) for e in events(geoparser, text)]
    assert found == [("Nova Kakhovka", "Ukraine")]


def test_munitions_dropped_are_a_drone_strike(geoparser: Geoparser) -> None:
    text = "A woman was injured in Vovchansk after the dropping of ammunition on her house, police said."
    assert [e["sub_event_type"] for e in events(geoparser, text)] == ["Air/drone strike"]


def test_a_region_report_refined_to_one_town_keeps_its_counts(geoparser: Geoparser) -> None:
    text = (
        "A Russian missile attack on the Rivne region injured three people overnight, the "
        "governor said. The missile hit an industrial site in Dubno."
    )
    found = [(e["place"]["name"], e["injured"]) for e in events(geoparser, text)]
    assert found == [("Dubno", 3)]


def test_a_place_named_as_an_earlier_fall_is_not_the_incident(geoparser: Geoparser) -> None:
    text = (
        "Russian troops entered the outskirts of Kurakhove on Monday, Ukraine's army said, "
        "two weeks after the fall of Selydove."
    )
    places = {e["place"]["name"] for e in events(geoparser, text)}
    assert places == {"Kurakhove"}


def test_a_previous_strike_recalled_with_its_date_is_not_a_new_incident(
    geoparser: Geoparser,
) -> None:
    text = (
        "Russian drones hit Sumy overnight, injuring two people. "
        "The attack on Sumy came after an earlier Russian strike against the city on 3 March."
    )
    found = [(e["place"]["name"], e["injured"]) for e in events(geoparser, text)]
    assert found == [("Sumy", 2)]


def test_a_capture_claim_with_fighting_words_is_one_claim(geoparser: Geoparser) -> None:
    text = (
        "Russia's defence ministry said its units had taken control of Siversk and were "
        "destroying the Ukrainian forces left in the area."
    )
    found = [(e["place"]["name"], e["event_type"]) for e in events(geoparser, text)]
    assert found == [("Siversk", "Strategic developments")]


def test_a_withdrawal_amid_assaults_is_one_development_of_the_side_that_left(
    geoparser: Geoparser,
) -> None:
    text = (
        "Against the backdrop of heavy Russian assaults, Ukrainian units were forced to withdraw "
        "from their trenches outside Orikhiv, the army said. Fighting continues along the front."
    )
    found = [(e["place"]["name"], e["event_type"], e["actor1"]) for e in events(geoparser, text)]
    assert found == [("Orikhiv", "Strategic developments", "Ukraine")]


def test_an_attack_on_the_capital_downed_over_it_is_the_interception(
    geoparser: Geoparser,
) -> None:
    text = (
        "Air defences shot down six Ukrainian drones over Moscow overnight, the mayor said. "
        "Ukraine had targeted the capital with six drones or more, the defence ministry claimed."
    )
    found = placed_types(geoparser, text)
    assert found == [("Moscow", "Disrupted weapons use")]


@pytest.mark.parametrize(
    "roundup",
    [
        "Explosions were reported overnight in the Lviv, Rivne, Volyn and Ternopil regions.",
        "Explosions were heard in Odesa, Mykolaiv, Izmail and Chornomorsk, residents said.",
        "Residents heard explosions in Poltava, Kremenchuk and Myrhorod before dawn.",
    ],
)
def test_explosions_heard_across_many_places_are_no_incidents(
    geoparser: Geoparser, roundup: str
) -> None:
    text = (
        "Russia launched a large missile and drone attack on Ukraine overnight. "
        "Air defence forces were active in the west. " + roundup
    )
    assert events(geoparser, text) == []


def test_shelling_with_debris_is_no_artillery(geoparser: Geoparser) -> None:
    text = (
        "Russian drones attacked Kyiv overnight, the city's military administration said. "
        "After that shelling with debris, a house in Bucha caught fire and one "
        "person was injured."
    )
    types = {e["sub_event_type"] for e in events(geoparser, text)}
    assert "Shelling/artillery/missile attack" not in types and types


# Villages the gazetteer lacks (these names are made up for the tests): the text calls them
# villages, so they are places, drawn at the town named beside them, without a GeoNames id.
def test_a_village_the_gazetteer_lacks_is_drawn_at_the_town_beside_it(
    geoparser: Geoparser,
) -> None:
    text = "Russian artillery hit Kozlohirka village near Kupiansk on Monday, wounding two men."
    (event,) = events(geoparser, text)
    place = event["place"]
    assert place["name"] == "Kozlohirka" and place["geonameid"] is None
    (town,) = [t for t in geoparser.parse(text) if t.name == "Kupiansk"]
    assert (place["lat"], place["lon"]) == (town.lat, town.lon)
    assert event["geo_precision"] == 2  # the point is near the village, not on it
    assert event["injured"] == 2


def test_each_listed_village_is_its_own_incident(geoparser: Geoparser) -> None:
    text = (
        "Russian forces shelled the villages of Kozlohirka, Verbohirka and Dubovyi Hai "
        "in Kupiansk district on Monday."
    )
    names = [e["place"]["name"] for e in events(geoparser, text)]
    assert names == ["Kozlohirka", "Verbohirka", "Dubovyi Hai"]


def test_each_part_of_a_list_takes_its_own_weapon(geoparser: Geoparser) -> None:
    text = (
        "Russian troops shelled three villages of the Kupiansk community on Monday.\n\n"
        "- Kupiansk community: outside Kozlohirka village - mortar rounds landed twice; "
        "outside Verbohirka village - an explosive device was dropped by a UAV; outside "
        "Dubovyi Hai village - an FPV drone struck a barn."
    )
    # the community only locates the villages the next line lists: no incident of its own
    found = {e["place"]["name"]: e["sub_event_type"] for e in events(geoparser, text)}
    assert found == {
        "Kozlohirka": "Shelling/artillery/missile attack",
        "Verbohirka": "Air/drone strike",
        "Dubovyi Hai": "Air/drone strike",
    }


def test_a_district_named_before_its_village_is_no_incident(geoparser: Geoparser) -> None:
    text = "In Chuhuiv district, Kozlohirka village, a barn was destroyed by Russian shelling."
    assert [e["place"]["name"] for e in events(geoparser, text)] == ["Kozlohirka"]


@pytest.mark.parametrize(
    "text",
    [
        "Athletes moved into the Olympic village in Paris on Monday.",
        "Frontline village life goes on in Kharkiv region despite the shelling.",
        "The global village of the internet has no borders, Smith said.",
    ],
)
def test_a_common_word_before_village_is_no_place(geoparser: Geoparser, text: str) -> None:
    names = {t.name for t in geoparser.parse(text)}
    assert not names & {"Olympic", "Frontline", "Global", "Smith"}


def test_a_city_is_no_incident_beside_its_district_that_is(geoparser: Geoparser) -> None:
    text = (
        "Russian missiles hit Kharkiv overnight. Two people were wounded by the strike in "
        "the Saltivskyi district of the city, the mayor said."
    )
    (event,) = events(geoparser, text)
    assert event["place"]["name"] == "Saltivskyi"
    assert event["injured"] == 2


def test_debris_falling_on_a_house_is_the_attack_that_got_through(geoparser: Geoparser) -> None:
    found = events(
        geoparser, "Debris from a downed drone fell onto a garage in Bucha, police said."
    )
    assert [(e["place"]["name"], e["sub_event_type"]) for e in found] == [
        ("Bucha", "Air/drone strike")
    ]
    assert events(geoparser, "Share prices fell sharply in Kyiv after the announcement.") == []


def test_the_goal_of_an_advance_is_not_what_was_captured(geoparser: Geoparser) -> None:
    text = (
        "Moscow said its troops had seized one more hamlet while pushing toward the eastern "
        "town of Kramatorsk. Russian forces captured Bohorodychne, the ministry said."
    )
    assert [e["place"]["name"] for e in events(geoparser, text)] == ["Bohorodychne"]


def test_fighting_along_the_river_through_the_town_is_the_town_s_fight(
    geoparser: Geoparser,
) -> None:
    text = (
        "Russian troops attacked Kupiansk on Monday and bitter fighting continued in the town, "
        "the general staff said. Soldiers fought at close range along the Oskil River, which "
        "runs across the town."
    )
    found = placed_types(geoparser, text)
    assert found == [("Kupiansk", "Armed clash")]


def test_the_explosions_there_are_the_incident_already_reported(geoparser: Geoparser) -> None:
    text = (
        "A Ukrainian drone struck the airfield in Saky overnight, local media reported. "
        "Ukraine's military intelligence later commented on the explosions in Saky and on "
        "the destroyed cruise missiles stored there."
    )
    found = placed_types(geoparser, text)
    assert found == [("Saky", "Air/drone strike")]


def test_a_fuel_tank_that_was_hit_is_no_weapon(geoparser: Geoparser) -> None:
    text = (
        "Ukrainian drones struck two Russian refineries this week, the ministry said. "
        "Another attack on Friday hit an oil storage tank in Belgorod, starting a fire."
    )
    found = placed_types(geoparser, text)
    assert found == [("Belgorod", "Air/drone strike")]


def test_a_community_conjoined_to_a_town_is_attacked_too(geoparser: Geoparser) -> None:
    # "and the … community" after a town is a second target, not the town's container
    text = "Russian troops shelled Kupiansk and the Shevchenkove community of the Kharkiv region."
    assert [e["place"]["name"] for e in events(geoparser, text)] == ["Kupiansk", "Shevchenkove"]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # a relative clause with a subject of its own describes, it does not locate the attack
        (
            "Russian drones struck a grain terminal in Reni, which farmers use to ship wheat to Galati.",
            ["Reni"],
        ),
        # past ", while" another clause speaks of something else ("was spotted")
        (
            "Two drones were shot down near Belgorod, while a third was spotted over the Kursk region.",
            ["Belgorod"],
        ),
        # the sea's shore only says where the camp stands
        (
            "Ukrainian missiles hit a holiday camp near Henichesk, located on the shore of the Sea of Azov, "
            "where Russian troops were based.",
            ["Henichesk"],
        ),
    ],
)
def test_places_that_only_describe_are_not_incident_places(
    geoparser: Geoparser, text: str, places: list[str]
) -> None:
    assert [e["place"]["name"] for e in events(geoparser, text)] == places


@pytest.mark.parametrize(
    "text",
    [
        "Russian artillery shelled a market in Kherson on Monday, officials said.",
        "A Russian missile hit the central market in Kostiantynivka on Sunday.",
    ],
)
def test_a_market_a_weapon_hits_is_a_place_not_an_idiom(geoparser: Geoparser, text: str) -> None:
    (event,) = events(geoparser, text)
    assert event["sub_event_type"] == "Shelling/artillery/missile attack"


def test_an_attack_all_shot_down_with_nobody_hurt_is_the_interception(geoparser: Geoparser) -> None:
    text = (
        "Russia's defence ministry said Kyiv had sent five drones toward the capital "
        "overnight. All five drones were shot down over Moscow, the ministry said. The mayor "
        "added that nobody had been hurt."
    )
    (event,) = events(geoparser, text)
    assert (event["event_type"], event["fatalities"], event["injured"]) == (
        "Strategic developments",
        0,
        0,
    )


def test_attacks_each_named_with_its_weapon_are_incidents_of_each_type(
    geoparser: Geoparser,
) -> None:
    text = "Sumy came under artillery strikes, grenade drops and drone attacks, officials said."
    assert sorted(e["sub_event_type"] for e in events(geoparser, text)) == [
        "Air/drone strike",
        "Shelling/artillery/missile attack",
    ]
    # one attack qualified by two weapons stays one incident
    (one,) = events(
        geoparser, "Russian troops carried out drone and rocket attacks on Sumy overnight."
    )
    assert one["sub_event_type"] == "Air/drone strike"


def test_a_count_after_a_report_of_several_targets_goes_to_the_first_named(
    geoparser: Geoparser,
) -> None:
    text = (
        "Russian drones attacked Sumy and the Krasnopillia community overnight. Four people "
        "were wounded, the governor said."
    )
    counts = {e["place"]["name"]: e["injured"] for e in events(geoparser, text)}
    assert counts == {"Sumy": 4, "Krasnopillia": None}
    # a report that already counted per place leaves a later bare count unassigned
    text = (
        "Russian shelling killed two people in Sumy and one in Okhtyrka overnight. Ten others "
        "were injured, the governor said."
    )
    counts = {e["place"]["name"]: (e["fatalities"], e["injured"]) for e in events(geoparser, text)}
    assert counts == {"Sumy": (2, None), "Okhtyrka": (1, None)}


def test_weather_in_a_war_report_is_no_fighting(geoparser: Geoparser) -> None:
    text = (
        "Russian drones struck a depot in Kharkiv overnight, the governor said. "
        "Far away, a storm flooded streets in Anchorage, Alaska. "
        "Ukrainian troops stormed a trench line near Toretsk on Monday."
    )
    found = sorted(placed_types(geoparser, text))
    assert found == [("Kharkiv", "Air/drone strike"), ("Toretsk", "Armed clash")]


@pytest.mark.parametrize(
    "ordinary",
    [
        "Police in Chernihiv arrested a man for stealing a bicycle.",
        "Officers detained two drivers in Poltava for speeding.",
        "A gas explosion in an apartment block in Kyiv injured three residents.",
        "A boiler blast damaged a school in Lviv, the city council said.",
        "A hunter shot a deer near Zhytomyr on Saturday.",
        "Protesters clashed verbally with officials at a council meeting in Rivne.",
    ],
)
def test_crimes_and_accidents_in_a_war_report_are_no_incidents(
    geoparser: Geoparser, ordinary: str
) -> None:
    text = (
        "Russian drones struck an energy facility in Sumy overnight, the governor said. " + ordinary
    )
    assert [e["place"]["name"] for e in events(geoparser, text)] == ["Sumy"]


def test_an_arrest_for_spying_is_an_event(geoparser: Geoparser) -> None:
    text = "The SBU detained a man in Odesa suspected of spying for Russia, officials said."
    found = placed_types(geoparser, text)
    assert found == [("Odesa", "Arrests")]


def test_civilians_shot_are_an_attack_on_civilians(geoparser: Geoparser) -> None:
    text = "Russian soldiers shot two civilians in the village of Bilozerka, police said."
    found = placed_types(geoparser, text)
    assert found == [("Bilozerka", "Attack")]


@pytest.mark.parametrize(
    ("text", "place", "subtype"),
    [
        ("Partisans blew up a railway bridge near Melitopol overnight.", "Melitopol",
         "Remote explosive/landmine/IED"),
        ("Saboteurs detonated a charge under a rail line near Tokmak.", "Tokmak",
         "Remote explosive/landmine/IED"),
        ("A Russian drone blew up a car in Kherson.", "Kherson", "Air/drone strike"),
    ],
)  # fmt: skip
def test_a_charge_set_off_is_an_explosive_device_a_drone_is_not(
    geoparser: Geoparser, text: str, place: str, subtype: str
) -> None:
    found = placed_types(geoparser, text)
    assert found == [(place, subtype)]
