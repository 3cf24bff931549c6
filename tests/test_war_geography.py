"""The war's geography: places war reports name, in the spellings they use (issue 11)."""

from __future__ import annotations

import pytest

from geonews.gazetteer import Gazetteer
from geonews.gazetteer.normalize import fold, normalize
from geonews.geoparse import Geoparser


@pytest.fixture(scope="module")
def geoparser(gazetteer: Gazetteer) -> Geoparser:
    return Geoparser(gazetteer)


def places(geoparser: Geoparser, text: str) -> dict[str, tuple[str | None, str]]:
    return {t.name: (t.country_code, t.kind) for t in geoparser.parse(text) if t.kind != "demonym"}


@pytest.mark.parametrize(
    "name",
    [
        "Avdiivka",
        "Irpin",
        "Bila Tserkva",
        "Enerhodar",
        "Vuhledar",
        "Kreminna",
        "Rubizhne",
        "Svatove",
        "Kurakhove",
        "Hostomel",
        "Fastiv",
        "Obukhiv",
        "Ochakiv",
        "Stepnohirsk",
        "Vasylivka",
        "Krivoy Rog",
        "Konstantinovka",
        "Artemovsk",
        "Pokrovsk",
        "Uman",
    ],
)
def test_towns_in_a_plain_war_sentence(geoparser: Geoparser, name: str) -> None:
    found = places(geoparser, f"Russian forces shelled {name} on Monday, officials said.")
    assert found.get(name) == ("UA", "city"), found


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kostiantynivka", "Kostyantynivka"),
        ("Huliaipole", "Gulyaypole"),
        ("Khmelnytskyi", "Khmelnitsky"),
        ("Zaporizhzhia", "Zaporizhia"),
        ("Vinnytsia", "Vinnitsa"),
        ("Myrnohrad", "Mirnograd"),
        ("Staromaiorske", "Staromayorske"),
        ("Kharkiv", "Kharkov"),
    ],
)
def test_romanisations_fold_together(a: str, b: str) -> None:
    assert fold(normalize(a)) == fold(normalize(b))


def test_folding_keeps_different_places_apart() -> None:
    assert fold(normalize("Pokrovsk")) != fold(normalize("Pokrovske"))
    assert fold(normalize("Kyiv")) != fold(normalize("Kiel"))


def test_folding_holds_on_the_gazetteers_own_alternate_names(gazetteer: Gazetteer) -> None:
    """Pairs of spellings GeoNames itself gives one Ukrainian town: among those that are
    spelling variants (similar strings, not another language's name), folding joins a real
    share; normalisation alone joins none of them (they are distinct keys)."""
    import difflib
    import sqlite3

    conn = sqlite3.connect(f"file:{gazetteer.path}?mode=ro", uri=True)
    rows = conn.execute(
        "SELECT p.geonameid, n.norm FROM places p JOIN names n ON n.geonameid = p.geonameid "
        "WHERE p.country_code = 'UA' AND p.kind = 'city' AND p.population > 20000 "
        "AND n.name_type <= 2 ORDER BY p.geonameid, n.name_type, n.norm"
    ).fetchall()
    conn.close()
    by_place: dict[int, list[str]] = {}
    for gid, norm in rows:
        if norm.isascii():
            by_place.setdefault(gid, []).append(norm)
    pairs = folded = 0
    for names in by_place.values():
        for name in names[1:]:
            if difflib.SequenceMatcher(None, names[0], name).ratio() < 0.7:
                continue
            pairs += 1
            folded += fold(names[0]) == fold(name)
    assert pairs > 300
    assert folded / pairs > 0.3, (folded, pairs)


def test_exact_name_ranks_above_a_folded_one(gazetteer: Gazetteer) -> None:
    exact = gazetteer.lookup("Pokrovsk")
    assert exact and exact[0].name_type != 6


def test_hromada_adjectives_resolve_to_their_centre(geoparser: Geoparser) -> None:
    text = "Artillery hit the Trostianetska and Lebedynska communities of Ukraine overnight."
    found = {t.name: t for t in geoparser.parse(text)}
    assert {"Trostianetska", "Lebedynska"} <= set(found)
    assert found["Lebedynska"].country_code == "UA"


def test_city_districts_sit_inside_their_city(geoparser: Geoparser) -> None:
    text = "Russian drones hit Kharkiv overnight; a warehouse burned in the Slobidskyi district of the city."
    found = {t.name: t for t in geoparser.parse(text)}
    assert "Slobidskyi" in found
    kharkiv = found["Kharkiv"]
    assert (found["Slobidskyi"].lat, found["Slobidskyi"].lon) == pytest.approx(
        (kharkiv.lat, kharkiv.lon), abs=0.2
    )


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Russian warships in the Sea of Azov fired cruise missiles.", "Sea of Azov", "physical"),
        ("Ukrainian drones attacked a ferry in the Kerch Strait.", "Kerch Strait", "physical"),
        (
            "Water levels fell in the Kakhovka Reservoir after the dam broke.",
            "Kakhovka Reservoir",
            "physical",
        ),
        ("Ukrainian marines landed on the Kinburn Spit.", "Kinburn Spit", "physical"),
        ("Fighting continued across Donbas on Friday.", "Donbas", "other"),
        ("Refugees from Polissia reached Lviv.", "Polissia", "other"),
    ],
)
def test_features_and_colloquial_regions(
    geoparser: Geoparser, text: str, name: str, kind: str
) -> None:
    found = {t.name: t for t in geoparser.parse(text)}
    assert name in found and found[name].kind == kind and found[name].lat is not None


def test_a_sea_is_not_a_russian_town(geoparser: Geoparser) -> None:
    (sea,) = [t for t in geoparser.parse("Ships left the Sea of Azov.") if t.kind != "demonym"]
    assert sea.name == "Sea of Azov" and sea.country_code is None


def test_names_inside_offices_are_not_places(geoparser: Geoparser) -> None:
    text = (
        "The Poltava Regional Military Administration and the Ministry of Energy of "
        "Ukraine reported a strike on Izium."
    )
    assert set(places(geoparser, text)) == {"Izium"}


def test_the_attackers_country_does_not_locate_the_target(geoparser: Geoparser) -> None:
    found = places(geoparser, "Ukrainian drones attacked Belgorod overnight.")
    assert found["Belgorod"][0] == "RU"


def test_a_town_list_in_one_entity_is_split(geoparser: Geoparser) -> None:
    text = "Russian artillery shelled Huliaipole, Orikhiv and Stepnohirsk in Zaporizhzhia region."
    assert {"Orikhiv", "Stepnohirsk"} <= set(places(geoparser, text))


def test_city_districts_are_kind_district(geoparser: Geoparser) -> None:
    text = "Explosions were heard in Kyiv's Solomianskyi district overnight."
    found = {t.name: t.kind for t in geoparser.parse(text)}
    assert found.get("Solomianskyi") == "district"


@pytest.mark.parametrize(("old", "new"), [("Krasnoarmiisk", "Pokrovsk"), ("Artemivsk", "Bakhmut")])
def test_renamed_towns_resolve(gazetteer: Gazetteer, old: str, new: str) -> None:
    assert gazetteer.lookup(old)[0].name == new


@pytest.mark.parametrize(
    ("text", "geonameid"),
    [
        # the oblast around the capital, not the capital that is a region of its own
        ("A drone came down in the Moscow region overnight, the governor said.", 524925),
        ("Air defences were active over the Kyiv region on Sunday.", 703446),
        ("Explosions were heard in the Leningrad region early on Monday.", 536199),
    ],
)
def test_capital_region_is_the_province(geoparser: Geoparser, text: str, geonameid: int) -> None:
    regions = [t for t in geoparser.parse(text) if t.kind == "admin1"]
    assert [t.geonameid for t in regions] == [geonameid]


def test_a_community_adjective_takes_any_spelling_of_its_town(geoparser: Geoparser) -> None:
    # the town is "Khotin" in GeoNames; "Khotyn" is another town, far west
    found = {
        t.name: (t.geonameid, t.admin1_code)
        for t in geoparser.parse(
            "Mortar fire hit the Khotynska community of the Sumy region at dawn."
        )
    }
    assert found["Khotynska"] == (706253, "21")


def test_a_community_adjective_is_never_read_abroad(geoparser: Geoparser) -> None:
    text = "Drones hit the Budska community in the north on Sunday, the governor said."
    assert all(t.country_code in ("UA", "RU", "BY") for t in geoparser.parse(text))


def test_a_village_outside_the_region_the_text_gives_is_no_dot(geoparser: Geoparser) -> None:
    # every Vesele the gazetteer knows lies outside Kherson region: none of them is meant
    text = "Russian drones hit the village of Vesele, Kherson region, on Monday."
    names = {t.name: t.kind for t in geoparser.parse(text) if t.kind != "demonym"}
    assert names == {"Kherson": "admin1"}


def test_a_village_far_from_the_rest_of_its_list_is_drawn_beside_it(
    geoparser: Geoparser,
) -> None:
    # the gazetteer's villages of this name all lie in the south; the list is in Donetsk
    # region: the one meant is missing, so it is drawn at its neighbour, without an id
    text = "Russian shelling hit Kurakhove, Novohryhorivka and Selydove on Tuesday."
    found = {t.name: t for t in geoparser.parse(text) if t.kind != "demonym"}
    assert set(found) == {"Kurakhove", "Novohryhorivka", "Selydove"}
    village = found["Novohryhorivka"]
    assert village.geonameid is None and village.source == "nearby"
    assert village.lat is not None and village.lon is not None
    kurakhove = found["Kurakhove"]
    assert kurakhove.geonameid is not None
    assert (village.lat, village.lon) == (kurakhove.lat, kurakhove.lon)


def test_a_list_of_distant_towns_keeps_every_town(geoparser: Geoparser) -> None:
    text = "Drones struck Lviv, Odesa and Kharkiv overnight."
    names = {t.name for t in geoparser.parse(text) if t.kind != "demonym"}
    assert names == {"Lviv", "Odesa", "Kharkiv"}


def test_a_street_named_after_a_town_is_no_place(geoparser: Geoparser) -> None:
    text = "A parked car blew up in Odesa Street in Mariupol, near the old market."
    assert [t.name for t in geoparser.parse(text)] == ["Mariupol"]


def test_a_two_word_village_cut_by_the_tagger_is_read_whole(geoparser: Geoparser) -> None:
    text = "In Kharkiv district at 21:10, shelling set fire to a barn in Cherkaska Lozova."
    found = {t.name: t.geonameid for t in geoparser.parse(text)}
    assert found.get("Cherkaska Lozova") == 710798


def test_a_town_in_a_named_region_beats_a_village_in_another(geoparser: Geoparser) -> None:
    text = (
        "Russian guns hit Balakliia in the Kharkiv region on Monday, and Kharkiv region officials "
        "counted the damage. Russian drones also struck Nikopol and the Marhanets community of "
        "the Dnipropetrovsk region."
    )
    found = {t.name: t.geonameid for t in geoparser.parse(text)}
    assert found["Nikopol"] == 700051


def test_a_military_unit_named_after_a_place_is_no_place(geoparser: Geoparser) -> None:
    text = 'The town is holding, said a spokesman for the Operational Command "Kherson".'
    assert [t.name for t in geoparser.parse(text) if t.kind != "demonym"] == []


def test_namesake_villages_read_together_far_away_vouch_for_nothing(
    geoparser: Geoparser,
) -> None:
    # the only villages of these names the gazetteer knows lie together in Volyn, 900 km
    # from the towns and region the text is about: the ones meant are missing there
    text = (
        "Russian artillery shelled Orikhiv and Huliaipole in Zaporizhzhia region overnight. "
        "A man was injured in Zhuravychi village and two women in Vydrychi village, the "
        "governor said."
    )
    found = {t.name: t for t in geoparser.parse(text)}
    for name in ("Zhuravychi", "Vydrychi"):
        village = found[name]
        assert village.geonameid is None and village.source == "nearby"
        assert village.admin1_code == found["Orikhiv"].admin1_code


def test_rare_names_listed_with_a_town_are_places(geoparser: Geoparser) -> None:
    # made-up village names beside a real town: in a list of three, they are places too
    text = "Fierce battles are reported near Kozlohirka, Kupiansk and Verbohirka, the staff said."
    found = {t.name: t for t in geoparser.parse(text)}
    assert set(found) == {"Kozlohirka", "Kupiansk", "Verbohirka"}
    assert found["Verbohirka"].geonameid is None
    # ... but common words and names are not ("Smith, Jones and Kupiansk")
    text = "Smith, Jones and Kupiansk appear in the report."
    assert [t.name for t in geoparser.parse(text)] == ["Kupiansk"]


def test_a_raion_adjective_is_read_in_the_region_it_is_given(geoparser: Geoparser) -> None:
    # "Zhukovsky" is also a big town near Moscow; the raion of the Bryansk region is Zhukovka's
    text = (
        "Drones struck the Zhukovsky district of the Bryansk region overnight, the governor said."
    )
    (district,) = [t for t in geoparser.parse(text) if t.name == "Zhukovsky"]
    (region,) = [t for t in geoparser.parse(text) if t.name == "Bryansk"]
    assert district.admin1_code == region.admin1_code


def test_a_village_is_drawn_at_the_district_named_a_few_sentences_before(
    geoparser: Geoparser,
) -> None:
    text = (
        "Ukrainian forces shelled the Dyatkovsky district of the Bryansk region on Sunday, the "
        "regional governor said in a long statement on his channel. He said that power lines "
        "were cut and that repair crews were sent out to restore them in the afternoon. Two "
        "houses burned down and a barn was destroyed, he added, and residents were told to "
        "stay in their cellars until the shelling stopped, which it did only late at night. "
        "A drone later dropped a charge on a shed in Kozlohirka village, injuring one man."
    )
    found = {t.name: t for t in geoparser.parse(text)}
    assert text.index("Kozlohirka") - text.index("Dyatkovsky") > 400
    village, district = found["Kozlohirka"], found["Dyatkovsky"]
    assert village.geonameid is None
    assert (village.lat, village.lon) == (district.lat, district.lon)


def test_the_region_of_a_city_is_the_region(geoparser: Geoparser) -> None:
    text = "A missile hit a grain terminal in the southern region of Mykolaiv on Monday."
    (place,) = [t for t in geoparser.parse(text) if t.name == "Mykolaiv"]
    assert place.kind == "admin1"


def test_a_kuban_district_is_read_as_its_stanitsa(geoparser: Geoparser) -> None:
    # Krasnodar raions are named after their stanitsa: "Kanevsky" <- Kanevskaya; the krai
    # named after the list does not pull the districts to its capital
    text = (
        "Russian air defences intercepted Ukrainian drones over the Kanevsky and "
        "Timashevsky districts of Krasnodar Krai, the governor said."
    )
    found = {t.name: t for t in geoparser.parse(text)}
    assert found["Kanevsky"].geonameid == 553152  # Kanevskaya
    assert found["Timashevsky"].geonameid == 482965  # Timashyovsk


def test_a_town_on_a_river_is_one_place(geoparser: Geoparser) -> None:
    text = (
        "Drones hit an oil depot in Rostov-on-Don and a refinery in Komsomolsk-on-Amur overnight."
    )
    found = [(t.name, t.geonameid) for t in geoparser.parse(text) if t.kind != "demonym"]
    assert found == [("Rostov-on-Don", 501175), ("Komsomolsk-on-Amur", 2021851)]


def test_the_short_form_of_a_town_named_in_full_is_that_town(geoparser: Geoparser) -> None:
    alone = [t.geonameid for t in geoparser.parse("Nikolayevsk is a town.")]
    assert alone != [2122850]  # alone, another Nikolayevsk is likelier
    text = (
        "A fire broke out at the port of Nikolayevsk-on-Amur on Monday. "
        "Officials in Nikolayevsk said nobody was hurt."
    )
    assert [t.geonameid for t in geoparser.parse(text)] == [2122850, 2122850]


def test_other_compound_names_are_not_shortened(geoparser: Geoparser) -> None:
    text = "Drones hit Kamianka-Dniprovska at night. In Kamianka, a village in Kharkiv region, a house burned."
    found = {t.name: (t.geonameid, t.admin1_code) for t in geoparser.parse(text)}
    assert found["Kamianka-Dniprovska"][1] == "26"  # Zaporizhzhia
    assert found["Kamianka"][0] != found["Kamianka-Dniprovska"][0]


def test_a_village_read_a_district_away_from_its_listed_neighbours_is_drawn_beside_them(
    geoparser: Geoparser,
) -> None:
    # the gazetteer's only Zarichne of Donetsk region lies 60 km north of the two towns
    # listed with it, which lie together: another Zarichne, which it lacks, is meant
    text = (
        "Russian shelling killed three civilians in the Donetsk region: in Zarichne, "
        "Druzhkivka and Kostiantynivka."
    )
    found = {t.name: t for t in geoparser.parse(text)}
    village = found["Zarichne"]
    assert village.geonameid is None and village.source == "nearby"
    assert (village.lat, village.lon) in {
        (found[town].lat, found[town].lon) for town in ("Druzhkivka", "Kostiantynivka")
    }


def test_towns_listed_together_are_places_whatever_the_tagger_says(geoparser: Geoparser) -> None:
    # the tagger reads two of these as organisations and one as a person
    found = places(geoparser, "Bucha, Irpin and Hostomel were calm on Sunday.")
    assert found == {name: ("UA", "city") for name in ("Bucha", "Irpin", "Hostomel")}
    # a list of surnames that are not towns of one country stays a list of people
    assert places(geoparser, "Kovalenko, Shevchuk and Bondarenko signed the letter.") == {}


def test_a_strike_by_one_side_is_not_sent_to_a_namesake_abroad(geoparser: Geoparser) -> None:
    # the attacker's country loses only to a reading on the other side of the war
    found = geoparser.parse("A Ukrainian HIMARS strike hit a Russian command post in Tokmak.")
    (tokmak,) = [t for t in found if t.name == "Tokmak"]
    assert tokmak.country_code == "UA"
    (belgorod,) = [
        t for t in geoparser.parse("Ukrainian drones hit Belgorod.") if t.name == "Belgorod"
    ]
    assert belgorod.country_code == "RU"
