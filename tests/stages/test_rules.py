"""The coder's general rules, each on an invented article (never a development text)."""

from __future__ import annotations

from datetime import date

import pytest

from eventcoder.coder import Coder
from eventcoder.model import AuxiliaryMode, DateInterval, Document, Event

PUBLISHED = date(2025, 3, 14)  # a Friday


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def code(coder: Coder, text: str) -> list[Event]:
    return coder.code(text, PUBLISHED, doc_id="rules")


def codes(actors: tuple) -> list[str]:  # type: ignore[type-arg]
    return [a.code for a in actors]


def one(events: list[Event], type_: str) -> Event:
    found = [e for e in events if e.type == type_]
    assert len(found) == 1, [(e.type, e.evidence.text) for e in events]
    return found[0]


def test_a_claim_of_responsibility_names_the_attacker(coder: Coder) -> None:
    events = code(
        coder,
        "A car bomb struck a police station in Kismayo on Tuesday, killing nine officers.\n\n"
        "Al Shabaab claimed responsibility for the attack.",
    )
    attack = one(events, "ASSAULT")
    assert codes(attack.source) == ["AL_SHABAAB"]
    assert attack.date.earliest == attack.date.latest == date(2025, 3, 11)


def test_each_side_blaming_the_other_is_two_directed_accusations(coder: Coder) -> None:
    events = code(
        coder,
        "Ethiopia and Eritrea traded fire along their border on Wednesday. "
        "Each side blamed the other for starting the clashes.",
    )
    accusations = {(codes(e.source)[0], codes(e.target)[0]) for e in events if e.type == "ACCUSE"}
    assert accusations == {("ETH", "ERI"), ("ERI", "ETH")}


def test_a_refusal_to_cooperate_is_a_rejection(coder: Coder) -> None:
    events = code(coder, "Iran refused to hold talks with the United States on Monday.")
    rejection = one(events, "REJECT")
    assert codes(rejection.source) == ["IRN"]
    assert codes(rejection.target) == ["USA"]
    assert not [e for e in events if e.type == "CONSULT"]


def test_announced_force_is_a_threat_dated_by_the_announcement(coder: Coder) -> None:
    events = code(
        coder, "Israel said on Thursday it would increase its strikes on Gaza from next week."
    )
    threat = one(events, "THREATEN")
    assert codes(threat.source) == ["ISR"]
    assert threat.date.latest <= PUBLISHED
    assert AuxiliaryMode.FUTURE in threat.auxiliary
    assert not [e for e in events if e.type == "ASSAULT"]


def test_a_denied_attack_is_no_attack(coder: Coder) -> None:
    events = code(coder, "Rwanda denied that its troops attacked Congolese positions on Sunday.")
    assert not [e for e in events if e.type == "ASSAULT"]


def test_a_bare_leaders_name_codes_the_state_while_in_office(coder: Coder) -> None:
    events = code(coder, "Erdogan condemned the Israeli strikes on Gaza on Monday.")
    accusation = one(events, "ACCUSE")
    assert codes(accusation.source) == ["TUR"]


def test_force_in_another_states_territory_targets_that_state(coder: Coder) -> None:
    events = code(coder, "Russia massed more than 100,000 troops near Kharkiv on Monday.")
    mobilization = one(events, "MOBILIZE")
    assert codes(mobilization.source) == ["RUS"]
    assert codes(mobilization.target) == ["UKR"]


def test_an_unclaimed_attack_stays_uncoded_when_responsibility_is_denied(coder: Coder) -> None:
    events = code(
        coder,
        "A car bomb struck a market in Kirkuk on Tuesday.\n\n"
        "The Islamic State did not claim responsibility for the attack.",
    )
    assert not [e for e in events if e.type == "ASSAULT" and codes(e.source) == ["ISIS"]]


def test_a_passive_light_verb_names_the_attacker_by_its_agent(coder: Coder) -> None:
    events = code(
        coder,
        "Israeli officials said the attack on the army base near Metula on Sunday was carried "
        "out by Hezbollah.",
    )
    attack = one(events, "ASSAULT")
    assert codes(attack.source) == ["HEZBOLLAH"]


def test_an_attack_blamed_on_a_group_is_that_groups(coder: Coder) -> None:
    events = code(
        coder,
        "A suicide bombing that the government blamed on Boko Haram killed 18 people in "
        "Maiduguri on Saturday.",
    )
    attack = one(events, "ASSAULT")
    assert codes(attack.source) == ["BOKO_HARAM"]
    assert codes(attack.claimed_by) == ["NGA"]  # the government says so


def test_coordinated_nationalities_are_both_actors(coder: Coder) -> None:
    events = code(
        coder, "Russian and Belarusian forces began joint exercises near Brest on Thursday."
    )
    exercise = one(events, "COOPERATE")
    assert {*codes(exercise.source), *codes(exercise.target)} == {"RUS", "BLR"}


def test_a_coordinated_clause_keeps_its_own_polarity(coder: Coder) -> None:
    events = code(
        coder,
        "Kenya's president said on Wednesday he would not sign the tax bill and would withdraw it.",
    )
    withdrawals = [e for e in events if e.trigger.text == "withdraw"]
    assert len(withdrawals) == 1
    assert withdrawals[0].type in {"CONCEDE", "RETREAT"}
    assert withdrawals[0].auxiliary == (AuxiliaryMode.FUTURE,)


def test_troops_moved_are_the_actors_own_not_the_target(coder: Coder) -> None:
    events = code(coder, "Russia has massed more than 100,000 troops near Ukraine's borders.")
    mobilization = one(events, "MOBILIZE")
    assert codes(mobilization.target) == ["UKR"]


def test_a_standing_alliance_in_a_reduced_clause_is_no_event(coder: Coder) -> None:
    events = code(
        coder, "Syria's government, backed by its ally Russia, rejected the proposal on Monday."
    )
    assert not [e for e in events if e.type == "SUPPORT"]


def test_a_month_name_is_no_march(coder: Coder) -> None:
    events = code(coder, "Turkish police arrested the journalist in March, Amnesty said on Monday.")
    assert not [e for e in events if e.type == "PROTEST"]


def test_the_enclave_refers_to_the_last_place_named(coder: Coder) -> None:
    events = code(
        coder,
        "Aid trucks waited at the Rafah crossing into Gaza on Thursday.\n\n"
        "Israeli air strikes continued across the enclave on Friday.",
    )
    strikes = [e for e in events if e.type == "ASSAULT"]
    assert strikes and codes(strikes[0].target) == ["PSE"]


def test_an_attributive_judgement_is_no_accusation(coder: Coder) -> None:
    events = code(
        coder, "Mexico and the United States agreed on Tuesday to fight illegal migration."
    )
    assert not [e for e in events if e.type == "ACCUSE"]


def test_a_question_put_to_the_speaker_is_no_request(coder: Coder) -> None:
    events = code(
        coder, "Asked about the blockade, Erdogan said on Monday that Turkey had no plans."
    )
    assert not [e for e in events if e.type == "REQUEST"]


def test_a_sought_outcome_is_no_event(coder: Coder) -> None:
    events = code(
        coder,
        "Talks aimed at securing a truce between Armenia and Azerbaijan ended in Geneva on "
        "Tuesday.",
    )
    assert not [e for e in events if e.type == "AGREE"]


def test_a_mediator_in_a_compound_is_no_party(coder: Coder) -> None:
    events = code(
        coder, "Qatari-mediated talks between Israel and Hamas resumed in Doha on Monday."
    )
    talks = one(events, "CONSULT")
    assert "QAT" not in codes(talks.source) + codes(talks.target)


def test_an_unnamed_institution_speaks_for_the_state_at_hand(coder: Coder) -> None:
    events = code(
        coder,
        "Clashes near the border with Afghanistan killed four Pakistani soldiers on Sunday, "
        "the military said.",
    )
    clash = one(events, "ASSAULT")
    assert codes(clash.claimed_by) == ["PAK"]


def test_an_occasion_named_as_the_setting_of_an_act_is_no_event_of_its_own(coder: Coder) -> None:
    events = code(
        coder,
        "At a summit in Brasilia on Thursday, Argentina's foreign minister accused Paraguay of "
        "harbouring smugglers.",
    )
    assert [e.type for e in events] == ["ACCUSE"]


def test_an_occasion_with_a_clause_of_its_own_is_an_event(coder: Coder) -> None:
    events = code(
        coder,
        "Chile and Peru signed a border accord on Wednesday during talks that began in Lima "
        "on Monday.",
    )
    assert sorted(e.type for e in events) == ["AGREE", "CONSULT"]


def test_how_a_told_meeting_ended_is_no_second_meeting(coder: Coder) -> None:
    events = code(
        coder,
        "The foreign ministers of Ghana and Togo met in Accra on Tuesday to discuss border "
        "security. The meeting ended without a joint statement.",
    )
    assert [e.type for e in events] == ["CONSULT"]


def test_an_act_told_a_stated_distance_after_another_is_dated_from_it(coder: Coder) -> None:
    events = code(
        coder,
        "Ecuador and Colombia held talks in Quito on Thursday, two days after Colombian troops "
        "clashed with Ecuadorian border guards.",
    )
    clash = one(events, "ASSAULT")
    assert clash.date.earliest == clash.date.latest == date(2025, 3, 11)
    talks = one(events, "CONSULT")
    assert talks.date.earliest == date(2025, 3, 13)


def test_an_act_told_only_as_before_another_takes_its_own_date_from_elsewhere(
    coder: Coder,
) -> None:
    events = code(
        coder,
        "Mourners in Maiduguri buried their dead on Thursday after a suicide bombing at a "
        "market.\n\n"
        "Boko Haram fighters attacked the market in Maiduguri on Monday, killing 14 people.",
    )
    attack = one(events, "ASSAULT")
    assert attack.date.earliest == attack.date.latest == date(2025, 3, 10)
    assert codes(attack.source) == ["BOKO_HARAM"]


def test_a_crowd_storming_a_building_riots_where_troops_storming_a_town_attack(
    coder: Coder,
) -> None:
    riot = code(coder, "Protesters stormed the parliament in Lima on Tuesday.")
    assert [(e.type, e.mode) for e in riot] == [("PROTEST", "riot")]
    attack = code(coder, "Russian troops stormed the town of Avdiivka on Tuesday.")
    assert [e.type for e in attack] == ["ASSAULT"]


def test_a_simulated_attack_is_a_show_of_force_not_an_attack(coder: Coder) -> None:
    events = code(
        coder, "North Korean jets staged a simulated attack on South Korean airfields on Monday."
    )
    assert [e.type for e in events] == ["MOBILIZE"]


def test_a_command_to_the_forces_is_told_as_the_act_it_orders(coder: Coder) -> None:
    events = code(coder, "Peru's defence minister ordered the army to deploy in Puno on Tuesday.")
    assert [e.type for e in events] == ["MOBILIZE"]
    assert codes(one(events, "MOBILIZE").source) == ["PER"]


def test_a_go_between_is_no_party_to_the_act(coder: Coder) -> None:
    events = code(
        coder,
        "Congo's army said on Wednesday that M23 rebels had agreed to leave the town of Walikale "
        "under a truce brokered by Qatar.",
    )
    agreement = one(events, "AGREE")
    assert codes(agreement.source) == ["M23"]
    assert "QAT" not in codes(agreement.target)


def test_an_organisation_named_as_the_venue_is_no_party(coder: Coder) -> None:
    events = code(
        coder,
        "Brazil and Argentina agreed on Monday to settle their dispute over steel tariffs at "
        "the World Trade Organization.",
    )
    agreement = one(events, "AGREE")
    assert {*codes(agreement.source), *codes(agreement.target)} == {"BRA", "ARG"}


def test_unspecified_governments_name_no_state(coder: Coder) -> None:
    events = code(
        coder,
        "Jordan sent 40 trucks of food to Syria on Tuesday. Other governments have also "
        "stepped up deliveries.",
    )
    assert [(codes(e.source), e.evidence.text[:6]) for e in events if e.type == "AID"] == [
        (["JOR"], "Jordan")
    ]


def test_a_year_long_past_does_not_date_the_rest_of_its_paragraph(coder: Coder) -> None:
    events = code(
        coder,
        "Germany had jailed the man for a killing in Berlin in 2019. Poland and Norway released "
        "five Belarusians in the exchange.",
    )
    release = one(events, "RETREAT")
    assert release.date.latest.year == 2025


def test_releasing_a_video_releases_no_one(coder: Coder) -> None:
    events = code(coder, "Iran's army released video of a missile launch on Monday.")
    assert not [e for e in events if e.type == "RETREAT"]


def test_its_troops_belong_to_the_possessor_not_to_the_place_named(coder: Coder) -> None:
    events = code(
        coder,
        "Russia said on Wednesday that more of its troops were withdrawing from positions in "
        "Crimea.",
    )
    withdrawal = one(events, "RETREAT")
    assert codes(withdrawal.source) == ["RUS"]


def test_a_participle_of_an_attack_is_dated_by_the_attack_not_by_the_report(
    coder: Coder,
) -> None:
    events = code(
        coder,
        "Pakistani Taliban fighters attacked a police checkpoint in Bannu on Tuesday, killing "
        "four officers, police said on Wednesday.",
    )
    attack = one(events, "ASSAULT")
    assert attack.date.earliest == attack.date.latest == date(2025, 3, 11)
    assert codes(attack.source) == ["TTP"]


def test_a_dateline_does_not_cut_the_first_name_of_the_story(coder: Coder) -> None:
    events = code(
        coder,
        "PESHAWAR - Pakistani Taliban fighters attacked a police checkpoint in Bannu on Tuesday.",
    )
    assert codes(one(events, "ASSAULT").source) == ["TTP"]


def test_who_backs_an_actor_describes_it_and_is_no_event(coder: Coder) -> None:
    events = code(
        coder,
        "Malian troops, backed by Russian air strikes, pressed their offensive against JNIM "
        "fighters near Kidal on Sunday.",
    )
    assert [(e.type, codes(e.source)) for e in events] == [("ASSAULT", ["MLI"])]


def test_a_perfect_relative_clause_about_an_actor_is_background(coder: Coder) -> None:
    events = code(
        coder,
        "Rwanda, whose troops have fought alongside M23 rebels, was not invited to the talks "
        "in Luanda on Monday.",
    )
    assert not [e for e in events if e.type == "ASSAULT"]


def test_the_attack_without_a_time_of_its_own_is_the_story_s_attack(coder: Coder) -> None:
    events = code(
        coder,
        "Ukrainian drones struck an oil depot in Novorossiysk on Monday, Russian officials "
        "said.\n\n"
        "A Ukrainian security source said the attack was carried out by Ukraine's SBU.",
    )
    attack = one(events, "ASSAULT")
    assert attack.date.earliest == date(2025, 3, 10)


def test_retaliation_foretold_is_a_threat_and_told_as_past_is_not(coder: Coder) -> None:
    # The threat is aimed at the story's other side, the striker.
    strike = "Israel struck Iranian air defences on Saturday. "
    threat = code(
        coder, strike + "Iran's foreign minister said there would be a response from Tehran."
    )
    assert [(e.type, codes(e.source), codes(e.target)) for e in threat if e.type != "ASSAULT"] == [
        ("THREATEN", ["IRN"], ["ISR"])
    ]
    past = code(coder, strike + "Iran's foreign minister said there was a response from Tehran.")
    assert not [e for e in past if e.type == "THREATEN"]


def test_aid_carried_by_a_state_s_vehicles_is_its_aid(coder: Coder) -> None:
    events = code(
        coder, "A Qatari plane carrying aid landed in Port Sudan on Tuesday, officials said."
    )
    assert codes(one(events, "AID").source) == ["QAT"]


def test_calling_a_deal_a_first_step_is_praise(coder: Coder) -> None:
    events = code(
        coder,
        "The African Union's chairman called the agreement between Ethiopia and Egypt "
        '"an important first step" on Monday.',
    )
    assert codes(one(events, "SUPPORT").source) == ["AU"]


def test_a_possessive_party_is_its_possessor_s(coder: Coder) -> None:
    events = code(
        coder,
        "Houthi negotiator Mohammed Abdulsalam said on Tuesday his side had made concessions "
        "to the Saudi-led coalition.",
    )
    assert codes(one(events, "CONCEDE").source) == ["HOUTHI"]


def test_forces_deployed_by_no_named_agent_are_their_own_side_s_with_no_adversary(
    coder: Coder,
) -> None:
    events = code(
        coder,
        "Guatemala sent 2,000 soldiers to its northern border on Monday. Those troops have "
        "since been deployed along the frontier with Mexico.",
    )
    deployments = [e for e in events if e.type == "MOBILIZE"]
    assert deployments and all(codes(e.source) == ["GTM"] for e in deployments)


def test_a_state_acting_is_not_where_the_act_happened(coder: Coder) -> None:
    events = code(
        coder,
        "ANKARA, March 14 (Wire) - Germany freed a Russian spy on Thursday in an exchange of "
        "prisoners.",
    )
    release = one(events, "RETREAT")
    assert release.location is not None and release.location.country == "TUR"


def test_a_place_that_says_what_a_side_is_is_not_where_it_acted(coder: Coder) -> None:
    events = code(
        coder,
        "PRETORIA, March 14 (Wire) - Ethiopia's government and forces from the northern region "
        "of Tigray agreed on Wednesday to a permanent cessation of hostilities.",
    )
    agreement = one(events, "AGREE")
    assert agreement.location is not None and agreement.location.country == "ZAF"


def test_there_is_the_place_the_story_named_last(coder: Coder) -> None:
    events = code(
        coder,
        "Turkey reopened the Kilis border crossing with Syria on Monday.\n\n"
        "Dozens of U.N. trucks carrying tents and food have crossed there since Tuesday.",
    )
    aid = one(events, "AID")
    assert aid.location is not None and aid.location.name == "Kilis"


def test_the_two_countries_are_the_two_its_sentence_names(coder: Coder) -> None:
    events = code(
        coder,
        "On Friday, China said it was cancelling talks between the two countries' military "
        "commanders, a day after a U.S. delegation visited Taipei.",
    )
    rejection = one(events, "REJECT")
    assert codes(rejection.source) == ["CHN"]
    assert codes(rejection.target) == ["USA"]


def test_an_appeal_to_uncoded_partners_has_no_invented_target(coder: Coder) -> None:
    events = code(
        coder,
        "Al Shabaab fighters attacked a hotel in Mogadishu on Saturday. On Sunday the president "
        "appealed to international partners to send doctors.",
    )
    appeal = one(events, "REQUEST")
    assert appeal.target == ()


def test_shooting_down_drones_is_air_defence_not_an_attack(coder: Coder) -> None:
    events = code(
        coder, "Ukraine's air force said on Monday it had shot down most of the Russian drones."
    )
    assert not [e for e in events if e.type == "ASSAULT"]


def test_an_actor_labelling_its_own_act_accuses_no_one(coder: Coder) -> None:
    events = code(
        coder,
        "Myanmar's army launched what it called counter-terrorist operations in Sagaing on Monday.",
    )
    assert not [e for e in events if e.type == "ACCUSE"]
    named = code(coder, "Myanmar's army called the rebels terrorists on Monday.")
    assert [e.type for e in named] == ["ACCUSE"]


def test_rejecting_the_accusation_answers_its_accuser(coder: Coder) -> None:
    events = code(
        coder,
        "NAIROBI, March 14 (Wire) - Somalia accused Ethiopia on Tuesday of arming clan "
        "militias.\n\nThe Ethiopian government rejected the accusation on Wednesday.",
    )
    rejection = one(events, "REJECT")
    assert codes(rejection.source) == ["ETH"]
    assert codes(rejection.target) == ["SOM"]


def test_an_act_retold_in_the_past_perfect_is_the_act_told_before(coder: Coder) -> None:
    events = code(
        coder,
        "Aid reached Idlib on Thursday, a day after Syria's president agreed to open two more "
        "crossings.\n\nThe U.N. chief said Syria's president had agreed to open the crossings "
        "for three months.",
    )
    agreement = one(events, "AGREE")
    assert agreement.date.earliest == agreement.date.latest == date(2025, 3, 12)


def test_mediation_that_brought_an_act_about_is_no_event_of_its_own(coder: Coder) -> None:
    events = code(
        coder,
        "On Friday, the Houthis released 20 Saudi prisoners after mediation by Oman.",
    )
    assert [e.type for e in events] == ["RETREAT"]


def test_coordinated_complements_of_an_agreement_are_its_terms(coder: Coder) -> None:
    events = code(
        coder,
        "M23 rebels agreed on Wednesday to withdraw from Walikale and disarm their fighters.",
    )
    assert [e.type for e in events] == ["AGREE"]


def test_a_go_between_named_before_brokered_is_no_party(coder: Coder) -> None:
    events = code(
        coder,
        "Armenia and Azerbaijan fought a six-week war in 2020 that ended with a "
        "Russian-brokered ceasefire.",
    )
    assert all("RUS" not in codes(e.source) + codes(e.target) for e in events), events


def test_an_object_pronoun_is_never_its_own_verb_s_subject(coder: Coder) -> None:
    events = code(
        coder,
        "Iran released 12 prisoners on Monday, among them French citizen Louis Arnaud. Arnaud "
        "had been sentenced to five years in Iran, and Iranian President Masoud Pezeshkian "
        "pardoned him on Sunday.",
    )
    pardon = one(events, "CONCEDE")
    assert codes(pardon.source) == ["IRN"]
    assert codes(pardon.target) == ["FRA"]


def test_a_sentence_told_without_an_agent_is_the_authorities_of_the_other_side(
    coder: Coder,
) -> None:
    events = code(
        coder,
        "German citizen Rico Krieger was sentenced to death in Belarus on Monday.",
    )
    sentence = one(events, "SANCTION")
    assert codes(sentence.source) == ["BLR"]
    assert codes(sentence.target) == ["DEU"]
    unknown = code(
        coder, "Websites of Ukraine's defence ministry were knocked offline by cyberattacks."
    )
    assert all(not e.source for e in unknown)


def test_it_after_a_decision_is_the_decision_not_an_actor(coder: Coder) -> None:
    events = code(
        coder,
        "The EU's foreign policy chief welcomed Sudan's decision on Monday, saying it would allow "
        "more aid into Sudan.",
    )
    assert [e.type for e in events] == ["SUPPORT"]


def test_unnamed_fighters_are_nobody_s_state(coder: Coder) -> None:
    events = code(
        coder,
        "JUBA, March 14 (Wire) - South Sudan's army said on Friday that opposition fighters had "
        "attacked a base in Upper Nile state on Wednesday.",
    )
    assert all(codes(e.source) != ["SSD"] for e in events if e.type == "ASSAULT"), events


def test_what_follows_a_denial_in_a_coordinated_clause_is_asserted(coder: Coder) -> None:
    events = code(
        coder,
        "The SPLM-IO denied carrying out the attack and accused the army of shelling its "
        "positions near Ulang on Monday.",
    )
    assert [e.type for e in events if e.type in {"REJECT", "ACCUSE"}] == ["REJECT", "ACCUSE"]


def test_a_year_naming_an_old_agreement_does_not_date_the_appeal(coder: Coder) -> None:
    events = code(
        coder,
        "The United Nations called on Sudan and South Sudan on Thursday to return to the 2018 "
        "peace agreement.",
    )
    appeal = one(events, "REQUEST")
    assert appeal.date.earliest == date(2025, 3, 13)


def test_a_crowd_protests_as_its_country_and_the_paragraph_stays_where_it_was(
    coder: Coder,
) -> None:
    events = code(
        coder,
        "BRUSSELS, March 14 (Wire) - Thousands of people marched in Lyon on Saturday to demand "
        "a ceasefire. Police detained 40 people after clashes near the town hall.",
    )
    protest = one(events, "PROTEST")
    assert codes(protest.source) == ["FRA"]
    arrest = one(events, "COERCE")
    assert codes(arrest.source) == ["FRA"]
    assert arrest.location is not None and arrest.location.name == "Lyon"


def test_the_two_leaders_are_the_two_just_named(coder: Coder) -> None:
    events = code(
        coder,
        "German Chancellor Olaf Scholz met Chinese Premier Li Qiang in Berlin on Tuesday. The "
        "two leaders also signed agreements on climate cooperation.",
    )
    agreement = one(events, "AGREE")
    assert {*codes(agreement.source), *codes(agreement.target)} == {"DEU", "CHN"}


def test_these_sanctions_point_back_to_whoever_imposed_them(coder: Coder) -> None:
    events = code(
        coder,
        "The European Union imposed sanctions on 17 Iranian officials on Wednesday.\n\n"
        '"These sanctions are illegal," an Iranian foreign ministry spokesman said on Thursday.',
    )
    accusation = one(events, "ACCUSE")
    assert codes(accusation.source) == ["IRN"]
    assert codes(accusation.target) == ["EU"]


def test_named_state_officials_are_no_anonymous_source(coder: Coder) -> None:
    events = code(
        coder,
        "Pakistani air strikes killed nine people in Saravan on Thursday, Iranian officials said.",
    )
    assert codes(one(events, "ASSAULT").claimed_by) == ["IRN"]


def test_the_group_is_the_armed_group_named_last(coder: Coder) -> None:
    events = code(
        coder,
        "The Jaish al-Adl militant group said on Wednesday that Iranian missiles had killed two "
        "children. The group vowed to retaliate.",
    )
    assert codes(one(events, "THREATEN").source) == ["JAISH_AL_ADL"]


def test_an_act_told_against_another_keeps_neither_its_place_nor_its_toll(
    coder: Coder,
) -> None:
    events = code(
        coder,
        "Pakistani air strikes in Iran's Sistan-Baluchestan province killed nine people on "
        "Thursday, two days after Iran struck targets inside Pakistan.",
    )
    earlier = [e for e in events if e.type == "ASSAULT" and codes(e.source) == ["IRN"]]
    assert len(earlier) == 1 and earlier[0].fatalities is None
    main = [e for e in events if e.type == "ASSAULT" and codes(e.source) == ["PAK"]]
    assert main[0].location is not None and main[0].location.country == "IRN"
    assert main[0].fatalities is not None and main[0].fatalities.min == 9


def test_dozens_of_troops_moved_are_their_own_side_s(coder: Coder) -> None:
    events = code(
        coder,
        "A senior Iranian security official said on Thursday that dozens of Iranian troops had "
        "been moved to the border.",
    )
    assert codes(one(events, "MOBILIZE").source) == ["IRN"]


def test_an_attack_by_unnamed_gunmen_is_kept_without_a_source(coder: Coder) -> None:
    events = code(
        coder,
        "ABUJA, March 14 (Wire) - Gunmen killed 36 villagers in Nigeria's Plateau state on "
        "Sunday, local officials said.",
    )
    attack = one(events, "ASSAULT")
    assert attack.source == ()
    assert codes(attack.target) == ["NGA"]
    assert attack.fatalities is not None and attack.fatalities.min == 36


def test_an_attack_with_no_doer_told_at_all_is_not_invented(coder: Coder) -> None:
    events = code(coder, "There were tense exchanges at the talks in Doha on Monday.")
    assert not [e for e in events if e.type == "ASSAULT"]


def test_force_used_on_a_state_with_no_place_named_happened_there(coder: Coder) -> None:
    events = code(
        coder,
        "MOSCOW, March 14 (Wire) - Websites of Ukraine's defence ministry and two state-owned "
        "banks were knocked offline by cyberattacks on Tuesday.",
    )
    attack = one(events, "COERCE")
    assert codes(attack.target) == ["UKR"]
    assert attack.location is not None and attack.location.country == "UKR"


def test_gunmen_killing_dozens_of_people_is_an_attack_on_the_country_s_civilians(
    coder: Coder,
) -> None:
    events = code(
        coder,
        "ABUJA, Nigeria (Wire) - Gunmen killed dozens of people in an attack on a village in "
        "Nigeria's Plateau state late on Sunday, local officials said.\n\n"
        "Last week, the army said it had killed 40 bandits in air strikes in Kaduna state.",
    )
    attacks = {
        (tuple(codes(e.source)), tuple(codes(e.target))) for e in events if e.type == "ASSAULT"
    }
    assert ((), ("NGA",)) in attacks


def test_a_conjunct_with_its_own_subject_keeps_its_own_tense(coder: Coder) -> None:
    events = code(
        coder,
        "India expelled a Canadian diplomat on Tuesday and ordered him to leave within five "
        "days, a day after Canada expelled a senior Indian diplomat.",
    )
    expulsions = {(codes(e.source)[0], e.date.earliest) for e in events if e.type == "SANCTION"}
    assert expulsions == {("IND", date(2025, 3, 11)), ("CAN", date(2025, 3, 10))}
    assert not [e for e in events if e.type == "THREATEN"]


def test_a_month_naming_a_past_killing_does_not_date_the_paragraph(coder: Coder) -> None:
    events = code(
        coder,
        "Canada's prime minister said on Monday there were credible allegations linking Indian "
        "agents to the June killing of a Sikh leader. India rejected the allegations.",
    )
    rejection = one(events, "REJECT")
    assert rejection.date.earliest == date(2025, 3, 10)


def test_an_appeal_on_uncoded_allies_has_no_invented_target(coder: Coder) -> None:
    events = code(
        coder,
        "Ukraine's president called on Western allies on Wednesday to lift restrictions on "
        "long-range weapons.",
    )
    assert one(events, "REQUEST").target == ()


def test_destroying_incoming_drones_is_air_defence(coder: Coder) -> None:
    events = code(
        coder,
        "Ukraine's military said on Wednesday its air defences destroyed 30 of 38 drones.",
    )
    assert not [e for e in events if e.type == "ASSAULT"]


def test_drones_shot_down_are_not_the_defenders_attack(coder: Coder) -> None:
    events = code(
        coder,
        "Russian forces shelled Kherson on Tuesday, killing three civilians. Ukraine's military "
        "said its air defences destroyed 30 of 38 drones launched by Russia on Tuesday.",
    )
    assert [(codes(e.source), codes(e.target)) for e in events if e.type == "ASSAULT"] == [
        (["RUS"], ["UKR"])
    ]


def test_a_suicide_bombing_claimed_later_is_the_claimant_s_attack_on_the_place(
    coder: Coder,
) -> None:
    events = code(
        coder,
        "A suicide bomber blew himself up at a beach restaurant in Mogadishu on Thursday night, "
        "killing at least 32 people, according to police.\n\n"
        "Al Shabaab claimed responsibility for the attack.\n\n"
        "Turkey and Qatar condemned the attack.",
    )
    attack = one(events, "ASSAULT")
    assert codes(attack.source) == ["AL_SHABAAB"]
    assert codes(attack.target) == ["SOM"]
    assert attack.fatalities is not None and attack.fatalities.min == 32
    condemnation = one(events, "ACCUSE")
    assert codes(condemnation.target) == ["AL_SHABAAB"]


def test_a_trailing_attribution_is_the_claimant(coder: Coder) -> None:
    events = code(
        coder,
        "Sudan's army and the RSF have agreed to a seven-day ceasefire, the African Union said "
        "on Monday, raising hopes of an end to the war.",
    )
    assert codes(one(events, "AGREE").claimed_by) == ["AU"]


def test_a_later_toll_belongs_to_the_story_s_attack_not_to_a_caption_s(coder: Coder) -> None:
    events = code(
        coder,
        "Police fired tear gas and live ammunition at crowds in central Nairobi on Tuesday.\n\n"
        "Police fire tear gas at protesters in Nairobi, Kenya, March 20, 2023. REUTERS/File "
        "Photo\n\n"
        "A rights commission said at least 22 people were killed in Tuesday's protests.",
    )
    tuesday = [e for e in events if e.type == "ASSAULT" and e.date.earliest == date(2025, 3, 11)]
    assert tuesday and tuesday[0].fatalities is not None and tuesday[0].fatalities.min == 22


def test_a_later_toll_goes_to_the_fighting_before_one_side_s_part_of_it(coder: Coder) -> None:
    events = code(
        coder,
        "Sudan's army and the RSF fought in Khartoum on Sunday. Witnesses said army warplanes "
        "struck RSF bases in Omdurman on Sunday.\n\n"
        "Doctors said at least 56 civilians had been killed since Saturday.",
    )
    fights = [e for e in events if e.type == "ASSAULT" and e.trigger.text == "fought"]
    assert fights and fights[0].fatalities is not None and fights[0].fatalities.min == 56


def test_calling_for_dialogue_asks_for_talks_and_holds_none(coder: Coder) -> None:
    events = code(
        coder,
        "Brazil's foreign ministry on Friday called for dialogue between Venezuela's government "
        "and the opposition.",
    )
    assert [e.type for e in events] == ["REQUEST"]


def test_what_an_appeal_asks_for_is_no_addressee(coder: Coder) -> None:
    events = code(
        coder,
        "Israel and Hamas fought in Gaza on Friday. At a summit in Cairo on Saturday, the U.N. "
        "chief called for an immediate humanitarian ceasefire.",
    )
    appeal = one(events, "REQUEST")
    assert appeal.target != ()


def test_a_time_in_a_relative_clause_yields_to_the_main_clause_s(coder: Coder) -> None:
    events = code(
        coder,
        "Ethiopia and Somalia signed a deal on Tuesday. "
        "Egypt, which has sent weapons to Somalia since August, welcomed the deal on Wednesday.",
    )
    support = one(events, "SUPPORT")
    assert support.date.earliest == support.date.latest == date(2025, 3, 12)


def test_two_requests_to_two_addressees_in_one_sentence_are_two(coder: Coder) -> None:
    events = code(
        coder,
        "Bangladesh asked Myanmar on Monday to take back the Rohingya refugees and urged the "
        "United Nations to increase pressure on the junta.",
    )
    assert sorted(codes(e.target)[0] for e in events if e.type == "REQUEST") == ["MMR", "UN"]


def test_aid_groups_are_who_not_an_act_of_aid(coder: Coder) -> None:
    events = code(
        coder,
        "The Arakan Army said on Monday it would let aid groups enter Maungdaw.",
    )
    assert not [e for e in events if e.type == "AID" and e.trigger.text == "aid"]


def test_a_summit_on_whose_sidelines_an_act_happened_is_its_setting() -> None:
    from eventcoder.stages.events import EventsComponent
    from eventcoder.stages.parse import load_nlp

    doc = load_nlp()(
        "Ghana's president accused Togo of harbouring rebels on the sidelines of a summit in "
        "Accra on Monday."
    )
    triggers = EventsComponent().find_triggers(next(iter(doc.sents)))
    assert [t.span.text for t in triggers] == ["accused"]


def test_people_named_by_what_they_are_protest_for_their_country(coder: Coder) -> None:
    events = code(coder, "Around 100 lawyers protested in Douala, Cameroon on Friday.")
    protest = one(events, "PROTEST")
    assert codes(protest.source) == ["CMR"]
    assert protest.date.earliest == PUBLISHED


def test_a_protest_with_no_subject_is_its_places_people(coder: Coder) -> None:
    events = code(coder, "A demonstration was staged in Nakuru on Thursday over unpaid wages.")
    assert codes(one(events, "PROTEST").source) == ["KEN"]


def test_people_harmed_take_the_country_of_the_place_their_sentence_names(coder: Coder) -> None:
    events = code(coder, "Vigilantes attacked two traders in Kano on Wednesday.")
    attack = one(events, "ASSAULT")
    assert codes(attack.source) == codes(attack.target) == ["NGA"]


def test_a_disaster_is_no_doer_and_its_victims_no_event(coder: Coder) -> None:
    events = code(coder, "An earthquake killed 40 people in Herat on Tuesday.")
    assert [e for e in events if e.type == "ASSAULT"] == []


def test_victims_of_a_told_attack_are_not_a_second_target(coder: Coder) -> None:
    events = code(
        coder,
        "Indian troops shelled Pakistani positions in Kashmir on Monday, killing five people.",
    )
    assert codes(one(events, "ASSAULT").target) == ["PAK"]


def test_arrests_told_with_no_doer_are_the_scene_authorities(coder: Coder) -> None:
    events = code(coder, "Three persons were arrested in Ahmedabad on Wednesday.")
    arrest = one(events, "COERCE")
    assert codes(arrest.source) == codes(arrest.target) == ["IND"]
    assert arrest.source[0].sector == "COP"


def test_police_force_is_used_on_the_crowd_its_clause_names(coder: Coder) -> None:
    events = code(
        coder,
        "Police fired ten rounds in the air to scare away a mob in Surat on Monday.",
    )
    force = [e for e in events if e.type in {"ASSAULT", "COERCE"}]
    assert force and all(codes(e.target) == ["IND"] for e in force)


def test_a_doer_no_lexicon_knows_is_an_unnamed_group_not_a_state(coder: Coder) -> None:
    events = code(coder, "On Tuesday, dahalo clashed with police in Antsirabe.")
    clash = one(events, "ASSAULT")
    assert codes(clash.source) == [] and codes(clash.target) == ["MDG"]


def test_a_lone_surname_that_kills_is_a_person_not_a_group(coder: Coder) -> None:
    events = code(coder, "Krasikov killed a Georgian citizen in a Berlin park on Monday.")
    assert [e for e in events if e.type == "ASSAULT" and not e.source] == []


def test_fire_on_a_village_harms_its_people(coder: Coder) -> None:
    events = code(coder, "Myanmar troops fired on a village near Sittwe on Thursday.")
    assert codes(one(events, "ASSAULT").target) == ["MMR"]


def test_a_conjunct_shares_its_victim(coder: Coder) -> None:
    events = code(coder, "A mob beat and injured a thief in Toliara on Friday.")
    attacks = [e for e in events if e.type == "ASSAULT"]
    assert attacks and all(codes(e.target) == ["MDG"] for e in attacks)


def test_a_conjunct_of_setting_fire_is_no_announcement(coder: Coder) -> None:
    events = code(
        coder,
        "On Tuesday, Saudi airstrikes hit Houthi positions in Marib, setting vehicles on fire "
        "and killing those on board.",
    )
    assert [e for e in events if e.type == "THREATEN"] == []


def test_armed_men_looting_seize_and_a_crowd_looting_riots(coder: Coder) -> None:
    events = code(coder, "Bandits looted a village near Kano on Sunday.")
    assert one(events, "COERCE").mode == "seize"
    events = code(coder, "Rioters looted shops in Nairobi on Sunday.")
    assert one(events, "PROTEST").mode == "riot"


def test_shells_that_fell_on_a_town_are_an_attack_on_it(coder: Coder) -> None:
    events = code(coder, "Two shells fell on a school in Sittwe on Thursday.")
    assert one(events, "ASSAULT").mode == "heavy-weapons"


def test_a_protest_the_police_dispersed_took_place(coder: Coder) -> None:
    events = code(coder, "Police dispersed a sit-in held by teachers in Nouakchott on Monday.")
    assert codes(one(events, "PROTEST").source) == ["MRT"]
    assert codes(one(events, "COERCE").source) == ["MRT"]


def test_plain_men_are_a_mob_of_the_place_and_armed_men_unnamed(coder: Coder) -> None:
    mob = one(code(coder, "Young men beat up a soldier in Bozoum on Monday."), "ASSAULT")
    assert codes(mob.source) == ["CAF"]
    armed = code(coder, "Armed men abducted two traders in Bozoum on Monday.")
    assert [codes(e.source) for e in armed if e.type == "ASSAULT"] == [[]]


def test_coordinated_passives_share_their_agent(coder: Coder) -> None:
    events = code(
        coder, "Two civilians were killed and five were wounded by Malian troops in Gao on Monday."
    )
    assert codes(one(events, "ASSAULT").source) == ["MLI"]


def test_force_is_used_on_the_people_or_places_its_clause_names(coder: Coder) -> None:
    events = code(
        coder,
        "Al Shabaab militants threw a grenade at a mosque in Baidoa on Sunday, injuring 20 "
        "worshippers.",
    )
    attack = one(events, "ASSAULT")
    assert codes(attack.source) == ["AL_SHABAAB"] and codes(attack.target) == ["SOM"]


def test_a_crowd_gathering_protests_and_a_dropped_grenade_attacks(coder: Coder) -> None:
    events = code(coder, "Hundreds of teachers gathered outside parliament in Accra on Monday.")
    assert codes(one(events, "PROTEST").source) == ["GHA"]
    events = code(coder, "Rebels dropped a grenade from a drone on troops near Goma on Monday.")
    assert one(events, "ASSAULT").mode == "aerial"


def test_where_a_sentences_towns_disagree_most_of_them_say_the_country(coder: Coder) -> None:
    events = code(coder, "Hundreds of Eastleigh residents (Nairobi, Thika) demonstrated on Monday.")
    assert codes(one(events, "PROTEST").source) == ["KEN"]


def test_setting_a_thing_on_fire_is_arson_and_by_a_crowd_a_riot(coder: Coder) -> None:
    attack = one(
        code(coder, "Gunmen set a bus on fire near Maiduguri, Nigeria on Tuesday."), "ASSAULT"
    )
    assert attack.trigger.text == "set"
    riot = one(
        code(coder, "Rioters set the town hall ablaze in Tamale, Ghana on Tuesday."), "PROTEST"
    )
    assert riot.mode == "riot"
    assert codes(riot.source) == ["GHA"]
    assert not code(coder, "The council set a date for the vote in Accra, Ghana on Tuesday.")


def test_wounding_is_an_attack_only_with_its_doer(coder: Coder) -> None:
    events = code(coder, "Unknown attackers wounded four soldiers in Mopti, Mali on Tuesday.")
    attack = one(events, "ASSAULT")
    assert attack.trigger.text == "wounded"
    assert codes(attack.target) == ["MLI"]
    # The toll of a killing told in the same clause is no second attack.
    told = code(
        coder, "Gunmen killed two villagers and three were injured in Mopti, Mali on Tuesday."
    )
    assert [e.trigger.text for e in told if e.type == "ASSAULT"] == ["killed"]


def test_a_sentence_naming_only_regions_of_one_country_has_it_as_its_scene(coder: Coder) -> None:
    events = code(coder, "Unknown attackers wounded four civilians in southern Lebanon on Tuesday.")
    assert codes(one(events, "ASSAULT").target) == ["LBN"]


def test_an_attack_by_unnamed_doers_in_the_lede_is_the_news_even_undated(coder: Coder) -> None:
    lede = "Unidentified gunmen killed twelve villagers in Zamfara, Nigeria.\n\nPolice said little."
    attack = one(code(coder, lede), "ASSAULT")
    assert codes(attack.source) == [] and codes(attack.target) == ["NGA"]
    # Told later and undated, the same words are background the story does not date.
    later = "Police in Zamfara, Nigeria said little.\n\nUnknown gunmen killed twelve villagers."
    assert not [e for e in code(coder, later) if e.type == "ASSAULT"]


def test_a_community_militia_is_its_place_s_and_rebels_are_no_one_s_state(coder: Coder) -> None:
    militia = one(
        code(coder, "Communal militias attacked a village in Plateau state, Nigeria on Tuesday."),
        "ASSAULT",
    )
    assert codes(militia.source) == ["NGA"] and militia.source[0].sector == "UAF"
    rebels = one(
        code(coder, "Rebels attacked a village in Plateau state, Nigeria on Tuesday."), "ASSAULT"
    )
    assert "NGA" not in codes(rebels.source)


def test_the_means_of_an_act_is_done_by_its_doer(coder: Coder) -> None:
    events = code(
        coder,
        "Israeli forces suppressed a march in Hebron on Tuesday by firing rubber bullets at "
        "Palestinians.",
    )
    firing = [e for e in events if e.trigger.text == "firing"]
    assert [(codes(e.source), codes(e.target)) for e in firing] == [(["ISR"], ["PSE"])]


def test_an_attack_on_a_vehicle_harms_the_people_of_its_scene(coder: Coder) -> None:
    attack = one(
        code(
            coder, "A truck was attacked by suspected militants near Pemba, Mozambique on Tuesday."
        ),
        "ASSAULT",
    )
    assert codes(attack.target) == ["MOZ"]


def test_a_reported_doer_is_raised_to_the_subject_of_the_report(coder: Coder) -> None:
    events = code(
        coder,
        "Al Shabaab fighters are reported to have struck a base near Kismayo, Somalia on Tuesday.",
    )
    assert codes(one(events, "ASSAULT").source) == ["AL_SHABAAB"]
    # A reported passive's subject is what was done to, never the doer.
    events = code(
        coder, "Two soldiers were said to have been ambushed near Kismayo, Somalia on Tuesday."
    )
    ambush = one(events, "ASSAULT")
    assert codes(ambush.source) == [] and codes(ambush.target) == ["SOM"]


def test_an_appositive_place_is_where_the_place_it_names_again_is(coder: Coder) -> None:
    attack = one(
        code(
            coder,
            "On Tuesday, Houthi snipers opened fire on a civilian in the east of Hays city "
            "(Al Hudaydah), killing him.",
        ),
        "ASSAULT",
    )
    assert attack.location is not None
    assert (attack.location.country, attack.location.precision) == ("YEM", "point")


def test_a_story_naming_no_state_is_set_in_its_domestic_group_s_home(coder: Coder) -> None:
    attack = one(code(coder, "OLA fighters attacked government soldiers on Tuesday."), "ASSAULT")
    assert codes(attack.source) == ["OLA"] and codes(attack.target) == ["ETH"]


def test_taking_part_in_a_protest_is_a_protest_and_in_protest_a_motive(coder: Coder) -> None:
    events = code(
        coder,
        "Hundreds of workers took part in an unauthorised protest in Yakutsk, Russia on Tuesday.",
    )
    assert codes(one(events, "PROTEST").source) == ["RUS"]
    motive = code(
        coder, "Russia recalled its ambassador from Oslo on Tuesday in protest at the expulsions."
    )
    assert not [e for e in motive if e.type == "PROTEST"]


def test_the_dead_of_an_attack_told_as_their_setting_are_its_doer_s(coder: Coder) -> None:
    events = code(
        coder, "Two villagers were killed during a Boko Haram attack near Maiduguri on Tuesday."
    )
    attack = one(events, "ASSAULT")
    assert codes(attack.source) == ["BOKO_HARAM"] and codes(attack.target) == ["NGA"]


def test_a_name_the_parser_cut_off_its_phrase_still_names_the_doer(coder: Coder) -> None:
    # The parser reads the capitals "IS" as a verb; the name "IS fighters" still names them.
    attack = one(
        code(coder, "IS fighters shelled an army post near Mosul, Iraq on Tuesday."), "ASSAULT"
    )
    assert codes(attack.source) == ["ISIS"] and codes(attack.target) == ["IRQ"]


def test_doers_joined_by_or_are_alternatives_not_two_sides(coder: Coder) -> None:
    attack = one(
        code(coder, "Suspected ISWAP or Boko Haram fighters abducted a farmer near Diffa, Niger."),
        "ASSAULT",
    )
    assert set(codes(attack.source)) == {"ISWAP", "BOKO_HARAM"}
    assert codes(attack.target) == ["NER"]
    clash = one(code(coder, "Police and protesters clashed in Mombasa, Kenya."), "ASSAULT")
    assert codes(clash.source) == codes(clash.target) == ["KEN"]


def test_an_attack_the_parser_left_without_a_subject_is_kept_with_its_victim(coder: Coder) -> None:
    # The parser reads "a gunman" as one more name after the province: the shooting had a
    # doer all the same, and its victim is a civilian of the place.
    text = (
        "On Tuesday, in Choluteca, Choluteca, a gunman on a motorcycle stopped a bus and shot "
        "the driver dead."
    )
    attack = one(code(coder, text), "ASSAULT")
    assert codes(attack.source) == [] and codes(attack.target) == ["HND"]


def test_the_dead_of_an_operation_carried_out_by_forces_are_their_victims(coder: Coder) -> None:
    text = "Four ELN rebels were killed during operations carried out by Colombian troops."
    attack = one(code(coder, text), "ASSAULT")
    assert codes(attack.source) == ["COL"] and codes(attack.target) == ["ELN"]
    truce = code(coder, "A truce mediated by Qatar took effect between Israel and Hamas.")
    assert all("QAT" not in codes(e.source) for e in truce)


def test_a_target_named_past_the_parser_s_phrase_is_still_the_target(coder: Coder) -> None:
    # "presumed" read as a verb, "Al Shabaab" cut from "militants' camp": the names still tell.
    strikes = one(
        code(coder, "French forces conducted airstrikes targeting presumed ISGS positions."),
        "ASSAULT",
    )
    assert codes(strikes.target) == ["ISIS"]
    strike = one(
        code(coder, "US aircraft conducted an air strike against Al Shabaab militants camp."),
        "ASSAULT",
    )
    assert codes(strike.source) == ["USA"] and codes(strike.target) == ["AL_SHABAAB"]


def test_a_subject_hung_on_a_fronted_place_list_is_still_the_subject(coder: Coder) -> None:
    # "in Recife, Pernambuco, a suspected robber was beaten": the parser reads the robber as
    # one more name after the state; the victim is still a civilian of the place.
    text = "On Tuesday, in Recife, Pernambuco, a suspected robber was beaten up by residents."
    attack = one(code(coder, text), "ASSAULT")
    assert codes(attack.source) == ["BRA"] and codes(attack.target) == ["BRA"]


def test_people_arrested_where_no_place_is_named_are_of_the_arresting_side_s_country(
    coder: Coder,
) -> None:
    text = "Houthi security forces carried out an arrest campaign against shopkeepers on Tuesday."
    arrest = one(code(coder, text), "COERCE")
    assert codes(arrest.source) == ["HOUTHI"] and codes(arrest.target) == ["YEM"]


def test_a_state_s_name_read_as_a_region_of_the_story_s_country_names_no_state(
    coder: Coder,
) -> None:
    text = "Gunmen attacked Tudun Wada (Rafi LGA, Niger) on Tuesday, killing two residents."
    attack = one(code(coder, text), "ASSAULT")
    assert codes(attack.target) == ["NGA"]
    assert attack.location is not None and attack.location.country == "NGA"


def test_a_state_modifying_the_noun_after_in_is_the_doer_not_the_place(coder: Coder) -> None:
    # "strikes" is tagged as a verb here; in its noun's place it is the event noun, and the
    # state before it after "in" says whose strikes, not where.
    text = "Dozens of militants were killed and others injured in Egyptian Air Force strikes."
    strikes = [e for e in code(coder, text) if e.trigger.text == "strikes"]
    assert len(strikes) == 1 and codes(strikes[0].source) == ["EGY"]


def test_a_pronoun_for_people_the_sentence_names_is_those_people(coder: Coder) -> None:
    text = (
        "On Tuesday, in Arequipa, Peru, residents caught a thief, tied him to a post and beat him."
    )
    beating = one(code(coder, text), "ASSAULT")
    assert codes(beating.source) == ["PER"] and codes(beating.target) == ["PER"]
    arrests = code(
        coder, "In Cali, Colombia, nine people were arrested after they attacked police officers."
    )
    attack = one(arrests, "ASSAULT")
    assert codes(attack.source) == ["COL"] and codes(attack.target) == ["COL"]


def test_a_gathering_a_force_acts_on_happened_and_is_the_gatherers(coder: Coder) -> None:
    events = code(coder, "On Friday, police in Nairobi, Kenya dispersed the march with tear gas.")
    march = one(events, "PROTEST")
    assert codes(march.source) == ["KEN"]
    assert march.date.earliest == date(2025, 3, 14)


def test_every_place_of_a_coordinated_place_phrase_is_where_not_who(coder: Coder) -> None:
    text = (
        "Relatives protested in Nouakchott, Mauritania on Monday, demanding the return of "
        "workers stranded in Morocco and Senegal."
    )
    protest = one(code(coder, text), "PROTEST")
    assert codes(protest.source) == ["MRT"]
    assert "SEN" not in codes(protest.target) and "MAR" not in codes(protest.target)


def test_a_place_name_inside_a_person_s_name_is_no_place(coder: Coder) -> None:
    # In lower case the parser cannot see the name; the actor lexicon's title still can.
    text = "in nairobi, kenya, defence minister aden duale ordered the army to deploy on monday."
    deployment = one(code(coder, text), "MOBILIZE")
    assert codes(deployment.source) == ["KEN"]
    assert "YEM" not in codes(deployment.target)
    assert deployment.location is not None and deployment.location.country == "KEN"


def test_a_clash_told_by_an_occurrence_verb_takes_the_verb_s_between_phrase(
    coder: Coder,
) -> None:
    for text in (
        "On Friday, a clash ensued between Ethiopian troops and Eritrean soldiers.",
        "On Friday, clashes broke out between Ethiopian troops and Eritrean soldiers.",
    ):
        clash = one(code(coder, text), "ASSAULT")
        assert {*codes(clash.source), *codes(clash.target)} == {"ETH", "ERI"}, text


def test_a_finite_verb_misread_as_a_noun_s_modifier_is_done_by_that_noun(coder: Coder) -> None:
    text = "On 9 May, ISWAP militants abducted four people near Diffa, Niger."
    attack = one(code(coder, text), "ASSAULT")
    assert codes(attack.source) == ["ISWAP"] and codes(attack.target) == ["NER"]


def test_firing_with_a_weapon_or_on_a_target_is_an_attack_however_parsed(coder: Coder) -> None:
    text = (
        "On 7 May, military forces of Armenia fired with unspecified weapons on the positions "
        "of the military forces of Azerbaijan."
    )
    attack = one(code(coder, text), "ASSAULT")
    assert codes(attack.source) == ["ARM"] and codes(attack.target) == ["AZE"]


def test_a_protest_by_a_civic_body_no_lexicon_names_is_the_scene_s_people(coder: Coder) -> None:
    text = "On Friday, in Paramaribo, the political party Volkswil staged a protest."
    protest = one(code(coder, text), "PROTEST")
    assert codes(protest.source) == ["SUR"]


def test_a_demand_a_protest_voices_is_the_protest_s_claim_not_an_event(coder: Coder) -> None:
    events = code(
        coder,
        "On Friday, hundreds of residents protested in Plovdiv, Bulgaria, demanding the "
        "mayor's resignation and denouncing water cuts.",
    )
    assert [e.type for e in events] == ["PROTEST"]
    # A demand told on its own is still a request.
    alone = code(coder, "Bulgaria demanded on Friday that North Macedonia change its textbooks.")
    assert one(alone, "REQUEST").source[0].code == "BGR"


def test_a_dispersal_by_force_is_one_act_the_attack(coder: Coder) -> None:
    events = code(coder, "On Friday, police in Lima, Peru used tear gas to disperse the crowd.")
    assert [e.type for e in events if e.type in {"ASSAULT", "COERCE"}] == ["ASSAULT"]
    # With no weapon named, the dispersal is the coercion it is.
    plain = code(coder, "On Friday, police in Lima, Peru dispersed the crowd.")
    assert "COERCE" in [e.type for e in plain]


def test_no_event_has_a_side_without_a_code(coder: Coder) -> None:
    # A community militia is its scene's; with no place named it is an unnamed side.
    for event in code(coder, "A local militia executed a man accused of robbery on Tuesday."):
        assert all(a.code for a in (*event.source, *event.target)), event
    executed = code(coder, "The operation was executed by Kenyan troops on Tuesday.")
    assert not [e for e in executed if e.trigger.text == "executed"]


def test_who_witnessed_an_act_did_not_do_it(coder: Coder) -> None:
    events = code(coder, "On Tuesday, UN monitors observed 12 explosions near Kramatorsk, Ukraine.")
    assert all("UN" not in codes(e.source) for e in events), events


def test_the_states_joined_after_of_are_all_the_phrase_s_owners(coder: Coder) -> None:
    text = "On Tuesday, military forces of Armenia and Azerbaijan exchanged fire near Tegh."
    clash = one(code(coder, text), "ASSAULT")
    assert {*codes(clash.source), *codes(clash.target)} == {"ARM", "AZE"}


def test_a_vigil_kept_is_watch_and_trouble_apprehended_is_fear(coder: Coder) -> None:
    watch = code(coder, "Police in Surat, India kept a close vigil on the station on Friday.")
    assert not [e for e in watch if e.type == "PROTEST"]
    held = code(coder, "Hundreds held a vigil in Surat, India on Friday for the victims.")
    assert one(held, "PROTEST").source[0].code == "IND"
    fear = code(coder, "Apprehending trouble, shopkeepers in Surat, India closed their shops.")
    assert not [e for e in fear if e.type == "COERCE"]


def test_an_attack_only_feared_or_planned_has_not_happened(coder: Coder) -> None:
    text = "Fearing a possible terrorist attack, officials in Ayodhya, India sealed two workshops."
    assert not [e for e in code(coder, text) if e.type == "ASSAULT"]
    real = code(coder, "A terrorist attack killed four people in Ayodhya, India on Friday.")
    assert one(real, "ASSAULT").target[0].code == "IND"


def test_a_related_stories_line_is_page_furniture(coder: Coder) -> None:
    text = (
        "Police in Surat, India arrested 12 people on Friday. "
        "related stories modi visits riot-hit areas; mobs attack shops in vadodara full coverage"
    )
    events = code(coder, text)
    assert [e.type for e in events] == ["COERCE"]


def test_an_event_noun_inside_a_hyphenated_adjective_names_no_event(coder: Coder) -> None:
    events = code(coder, "Modi visited riot-hit areas of Ahmedabad, India on Friday.")
    assert not [e for e in events if e.type == "PROTEST"]


def test_a_demonym_inside_another_country_s_region_names_no_state(coder: Coder) -> None:
    text = "On Tuesday, clan militias clashed in Dolo zone (Somali region), killing five people."
    events = code(coder, text)
    assert events and all("SOM" not in codes(e.source) + codes(e.target) for e in events), events


def test_a_month_naming_a_thing_after_of_does_not_date_the_act(coder: Coder) -> None:
    # Published Friday 14 March: the strike is not dated February, whose wages it is about.
    events = code(
        coder, "Teachers in Lusaka, Zambia went on strike over payment of February wages."
    )
    strike = one(events, "PROTEST")
    assert strike.date.earliest >= date(2025, 3, 1)
    dated = code(coder, "Teachers in Lusaka, Zambia went on strike on 3 February.")
    assert one(dated, "PROTEST").date.earliest == date(2025, 2, 3)


def test_a_hedge_makes_no_armed_doer_of_people(coder: Coder) -> None:
    text = "On Tuesday, a mob of suspected cultists beat and killed a trader in Owerri, Nigeria."
    attack = one(code(coder, text), "ASSAULT")
    assert codes(attack.source) == ["NGA"] and codes(attack.target) == ["NGA"]


def test_an_armed_community_is_its_scene_s_people_and_armed_men_stay_unnamed(
    coder: Coder,
) -> None:
    herders = one(
        code(coder, "On Tuesday, armed pastoralists abducted a child near Nyala, Sudan."), "ASSAULT"
    )
    assert codes(herders.source) == ["SDN"]
    men = one(code(coder, "On Tuesday, armed men abducted a child near Nyala, Sudan."), "ASSAULT")
    assert codes(men.source) == []


@pytest.mark.parametrize(
    "text",
    [
        "In Nairobi, the government will have to accept the court's ruling, an activist said.",
        "Police in Lagos need to arrest the killers, the governor said.",
        "The Kenyan government should fight crime by providing better training to the police.",
    ],
)
def test_an_owed_act_and_the_means_of_a_modal_act_are_no_events(coder: Coder, text: str) -> None:
    assert not [e for e in code(coder, text) if e.type in {"AGREE", "COERCE", "AID"}]


def test_an_obligation_told_in_the_past_was_met(coder: Coder) -> None:
    events = code(coder, "Kenyan police had to arrest 40 protesters in Nairobi on Monday.")
    assert codes(one(events, "COERCE").source) == ["KEN"]


def test_who_fell_in_a_clash_fought_it_and_the_killing_is_that_clash(coder: Coder) -> None:
    events = code(
        coder,
        "Four Malian soldiers were killed on Monday in clashes with JNIM fighters near Gao.",
    )
    clash = one(events, "ASSAULT")
    assert {*codes(clash.source), *codes(clash.target)} == {"MLI", "JNIM"}
    assert clash.trigger.text == "clashes"
    assert clash.fatalities is not None and clash.fatalities.min == 4


@pytest.mark.parametrize(
    ("text", "not_type"),
    [
        ("Supporters of the outlawed Justice Party marched in Khartoum on Monday.", "COERCE"),
        ("The detained activist went on hunger strike in Cairo on Monday.", "COERCE"),
    ],
)
def test_a_bare_participle_before_its_noun_describes_it(
    coder: Coder, text: str, not_type: str
) -> None:
    events = code(coder, text)
    assert events and not [e for e in events if e.type == not_type]


@pytest.mark.parametrize(
    "text",
    [
        "Police in Mombasa are accused of beating a street vendor on Monday.",
        "Kenyan soldiers were charged with assaulting two fishermen near Lamu on Monday.",
    ],
)
def test_an_act_charged_to_a_passive_subject_is_that_subjects(coder: Coder, text: str) -> None:
    assault = one(code(coder, text), "ASSAULT")
    assert codes(assault.source) == ["KEN"]
    assert codes(assault.target) == ["KEN"]


@pytest.mark.parametrize(
    ("text", "doer"),
    [
        ("Gunmen loyal to al-Shabaab attacked a checkpoint in Baidoa on Monday.", "AL_SHABAAB"),
        ("Militiamen affiliated with the PMF attacked a convoy near Baghdad on Monday.", "PMF"),
    ],
)
def test_unnamed_men_sworn_to_a_side_are_that_sides(coder: Coder, text: str, doer: str) -> None:
    assert codes(one(code(coder, text), "ASSAULT").source) == [doer]


def test_only_fire_aimed_into_open_water_is_no_attack(coder: Coder) -> None:
    attack = "Houthi drones attacked a depot in the industrial zone of Jizan on Monday."
    assert one(code(coder, attack), "ASSAULT").source[0].code == "HOUTHI"
    test = "North Korea fired two missiles into the sea on Monday."
    assert not [e for e in code(coder, test) if e.type == "ASSAULT"]


def test_an_arrest_is_not_given_the_toll_of_the_killing_it_follows(coder: Coder) -> None:
    events = code(coder, "Two men suspected of killing a trader in Kano were arrested on Monday.")
    assert one(events, "COERCE").fatalities is None


def test_an_object_is_what_its_head_and_of_phrase_say_not_its_asides(coder: Coder) -> None:
    sent = "Kenya sent a contingent of police officers and soldiers to Haiti on Monday."
    assert one(code(coder, sent), "MOBILIZE").source[0].code == "KEN"
    jailed = (
        "The detained activists, including the party's youth unit president, were later sent "
        "to the district jail in Lucknow on Monday."
    )
    assert not [e for e in code(coder, jailed) if e.type == "MOBILIZE"]


def test_a_quoted_question_with_its_attribution_is_no_request(coder: Coder) -> None:
    asked = (
        "Indian police chiefs met in Delhi on Monday. "
        '"Why do they not invest in police reforms?" he asks.'
    )
    assert not [e for e in code(coder, asked) if e.type == "REQUEST"]
    # More than an attribution follows the question: the rest is told as news.
    told = (
        '"Why now?" the lawyers asked, as police arrested 20 Indian protesters in Delhi on Monday.'
    )
    assert one(code(coder, told), "COERCE")


def test_what_a_protests_people_claim_next_is_the_protests_claim(coder: Coder) -> None:
    told = (
        "Nurses protested outside the health ministry in Quito, Ecuador on Monday. "
        "They demanded masks and gloves from the government."
    )
    events = code(coder, told)
    assert one(events, "PROTEST") and not [e for e in events if e.type == "REQUEST"]
    other = (
        "Nurses protested outside the health ministry in Quito, Ecuador on Monday. "
        "Ecuador's government asked the IMF for an emergency loan."
    )
    assert codes(one(code(coder, other), "REQUEST").source) == ["ECU"]


def test_what_was_under_way_when_an_act_happened_is_its_circumstance(coder: Coder) -> None:
    text = (
        "Five Pakistani soldiers were killed on Monday when a roadside bomb hit their vehicle "
        "as they were returning to their base in Kech."
    )
    events = code(coder, text)
    assert one(events, "ASSAULT") and not [e for e in events if e.type == "RETREAT"]


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Communal violence broke out in Jos, Nigeria on Monday, leaving 12 people dead.", "NGA"),
        ("Clashes between two clans in Galkayo, Somalia killed seven people on Monday.", "SOM"),
        # The harm is the communal clash's, whoever the parse makes its subject.
        (
            "Clashes between Dinka and Nuer herdsmen killed seven people near Bor, South Sudan "
            "on Monday.",
            "SSD",
        ),
        (
            "Fighting between herders and farmers killed nine people in Plateau State, Nigeria "
            "on Monday.",
            "NGA",
        ),
        # A people named as such is its country's people.
        ("Tuaregs attacked a market near Kidal, Mali on Monday, killing three traders.", "MLI"),
        # The sides of the quarrel a clash is over, by names no lexicon knows, are villages.
        (
            "At least nine killed on Monday in clashes over a land dispute between Kadara and "
            "Belwa, near the town of Mubi.",
            "NGA",
        ),
    ],
)
def test_communal_violence_is_the_scenes_people_on_both_sides(
    coder: Coder, text: str, country: str
) -> None:
    clash = one(code(coder, text), "ASSAULT")
    assert (codes(clash.source), codes(clash.target)) == ([country], [country])


def test_a_quarrel_between_named_states_is_no_communal_clash(coder: Coder) -> None:
    text = "Clashes over a border dispute between Ethiopia and Sudan killed six soldiers on Monday."
    clash = one(code(coder, text), "ASSAULT")
    assert set(codes(clash.source)) | set(codes(clash.target)) <= {"ETH", "SDN"}


def test_victims_in_a_story_naming_no_state_are_of_its_groups_home(coder: Coder) -> None:
    raid = one(
        code(coder, "Two people were killed on Monday during a Boko Haram raid on a village."),
        "ASSAULT",
    )
    assert (codes(raid.source), codes(raid.target)) == (["BOKO_HARAM"], ["NGA"])
    # A story naming a state gives its victims no country the text does not say.
    israeli = "Two people were killed on Monday during an Israeli raid on a village."
    assert codes(one(code(coder, israeli), "ASSAULT").target) == []


def test_those_who_caught_the_victims_did_what_was_done_to_them(coder: Coder) -> None:
    text = (
        "Twenty Afghan migrants who were caught by Iranian border guards near Herat were "
        "beaten on Monday."
    )
    beating = one(code(coder, text), "ASSAULT")
    assert (codes(beating.source), codes(beating.target)) == (["IRN"], ["AFG"])
    # Who rescued the victims did not harm them.
    rescued = "Villagers who were rescued by Kenyan soldiers near Lamu were attacked on Monday."
    assert codes(one(code(coder, rescued), "ASSAULT").source) != ["KEN"]


def test_an_act_measured_from_is_a_time_not_news(coder: Coder) -> None:
    text = (
        "Twenty days after the riots began in Ahmedabad, Indian police arrested 40 people "
        "on Monday."
    )
    events = code(coder, text)
    assert one(events, "COERCE") and not [e for e in events if e.type == "PROTEST"]


@pytest.mark.parametrize(
    ("text", "sanctions"),
    [
        ("The Indian government itself sanctions the arrest, the judge said in Delhi.", False),
        ("The Bihar government sanctioned Rs 5 crore for the project in Patna on Monday.", False),
        ("The United States sanctioned three Russian banks on Monday.", True),
    ],
)
def test_to_sanction_an_act_or_an_outlay_is_to_approve_it(
    coder: Coder, text: str, sanctions: bool
) -> None:
    assert any(e.type == "SANCTION" for e in code(coder, text)) is sanctions


def test_an_inquiry_into_no_one_is_no_accusation(coder: Coder) -> None:
    routine = "Kenyan police in Nairobi said on Monday they are investigating the case."
    assert not [e for e in code(coder, routine) if e.type == "ACCUSE"]
    named = "The European Union opened an investigation into Hungary on Monday."
    probe = one(code(coder, named), "ACCUSE")
    assert (codes(probe.source), codes(probe.target)) == (["EU"], ["HUN"])


def test_a_meeting_of_one_side_is_no_consultation(coder: Coder) -> None:
    alone = "The Indian district administration in Ayodhya convened a high-level meeting on Monday."
    assert not [e for e in code(coder, alone) if e.type == "CONSULT"]
    talks = "India held talks with Pakistan in Islamabad on Monday."
    meeting = one(code(coder, talks), "CONSULT")
    assert {*codes(meeting.source), *codes(meeting.target)} == {"IND", "PAK"}


def test_an_undertaking_to_no_one_named_is_no_agreement(coder: Coder) -> None:
    alone = "Indian police chiefs in Delhi reiterated their commitment to peace on Monday."
    assert not [e for e in code(coder, alone) if e.type == "AGREE"]
    partner = "Sudan's army agreed with the rebels on a truce in Khartoum on Monday."
    assert one(code(coder, partner), "AGREE").source[0].code == "SDN"


@pytest.mark.parametrize(
    "text",
    [
        "ISWAP fighters made two attempts to attack an army base near Diffa on Monday.",
        "ISWAP fighters tried to storm an army base near Diffa on Monday.",
        "ISWAP fighters attempted to overrun an army base near Diffa on Monday.",
    ],
)
def test_an_attack_tried_is_an_attack(coder: Coder, text: str) -> None:
    # PLOVER codes attempted killings as ASSAULT; ACLED codes a repelled attack as an attack.
    attack = one(code(coder, text), "ASSAULT")
    assert codes(attack.source) == ["ISWAP"]
    assert attack.date.earliest == date(2025, 3, 10)


@pytest.mark.parametrize(
    "text",
    [
        "ISWAP fighters will try to storm an army base near Diffa.",
        "ISWAP fighters did not try to storm an army base near Diffa on Monday.",
        "ISWAP fighters plan to attempt to storm an army base near Diffa.",
        "Niger tried to hold talks with ISWAP on Monday.",
    ],
)
def test_a_try_to_come_refused_or_at_talks_is_no_act(coder: Coder, text: str) -> None:
    assert [e.type for e in code(coder, text) if e.type in {"ASSAULT", "CONSULT"}] == []


def test_a_headline_in_the_present_tense_codes_its_attack(coder: Coder) -> None:
    # The parser reads "troops dislodge ISWAP" as one noun phrase; the re-read finds the verb.
    attack = one(
        code(coder, "Nigerian troops dislodge ISWAP fighters from Marte, killing several."),
        "ASSAULT",
    )
    assert codes(attack.source) == ["NGA"]
    assert "ISWAP" in codes(attack.target)
    assert attack.trigger.text == "dislodge"
    bombing = one(code(coder, "Sudanese troops bomb Kauda."), "ASSAULT")
    assert codes(bombing.source) == ["SDN"]
    assert bombing.evidence.text == "Sudanese troops bomb Kauda."


def test_a_numeric_date_before_the_verb_leaves_the_verb_a_verb(coder: Coder) -> None:
    attack = one(
        code(coder, "Gunmen on 12/03 attacked Tudun Wada village in Kano State, killing three."),
        "ASSAULT",
    )
    assert codes(attack.target) == ["NGA"]
    assert attack.date.earliest == attack.date.latest == date(2025, 3, 12)
    assert attack.fatalities is not None and attack.fatalities.min == 3


def test_is_in_capitals_is_the_islamic_state_not_a_verb(coder: Coder) -> None:
    attack = one(
        code(
            coder,
            "On 11 March, a suspected IS planted IED exploded near Baiji, killing two soldiers.",
        ),
        "ASSAULT",
    )
    assert codes(attack.source) == ["ISIS"]
    assert codes(attack.target) == ["IRQ"]
    assert attack.date.earliest == date(2025, 3, 11)


def test_a_protest_told_as_the_motive_of_no_other_event_is_the_event(coder: Coder) -> None:
    # The session and the closing of roads are no events of their own: "in protest" says
    # what they were. Beside an event ("summoned ... in protest") it is only its motive.
    for text in (
        "Opposition lawmakers held a session on a highway in Lagos on Tuesday in protest "
        "against the arrest of a governor.",
        "Residents closed roads in Harar, Ethiopia on Tuesday in protest against the government.",
    ):
        protest = one(code(coder, text), "PROTEST")
        assert protest.date.earliest == date(2025, 3, 11)
        assert protest.source and protest.source[0].code in {"NGA", "ETH"}
    summoned = code(
        coder, "Iran summoned the British ambassador on Tuesday in protest at the seizure."
    )
    assert not [e for e in summoned if e.type == "PROTEST"]


def test_people_harmed_in_a_blast_are_its_target_though_no_one_is_named(coder: Coder) -> None:
    attack = one(
        code(
            coder,
            "On Tuesday, two soldiers were injured in a roadside bomb explosion in Rafah, Egypt.",
        ),
        "ASSAULT",
    )
    assert attack.source == ()
    assert codes(attack.target) == ["EGY"]
    assert attack.date.earliest == date(2025, 3, 11)


def test_towns_of_two_countries_tied_are_placed_by_the_state_the_sentence_names(
    coder: Coder,
) -> None:
    # "Richmond" is a US city first; Nairobi is a town and Kenya's capital.
    protest = one(
        code(coder, "On Tuesday, dozens of Richmond residents (Langata, Nairobi) protested."),
        "PROTEST",
    )
    assert codes(protest.source) == ["KEN"]


def test_a_rejection_backing_or_threat_aimed_at_no_one_named_is_no_event(coder: Coder) -> None:
    for text in (
        "Mumbai's police commissioner denied the claim on Tuesday.",
        "Pakistan's interior minister warned of a tough response on Tuesday.",
        "Kenyan lawmakers supported the measure on Tuesday.",
    ):
        assert not [e for e in code(coder, text) if e.type in {"REJECT", "SUPPORT", "THREATEN"}], (
            text
        )
    rejection = one(code(coder, "India rejected Pakistan's claim on Tuesday."), "REJECT")
    assert codes(rejection.source) == ["IND"] and codes(rejection.target) == ["PAK"]
    threat = one(code(coder, "Iran threatened Israel with retaliation on Tuesday."), "THREATEN")
    assert codes(threat.target) == ["ISR"]


def test_a_name_compounded_with_a_kind_of_place_is_where_it_happened(coder: Coder) -> None:
    attack = one(
        code(
            coder,
            "On Tuesday, a prosecutor was killed by unknown gunmen in the fifth district of "
            "Kunduz city.",
        ),
        "ASSAULT",
    )
    assert attack.location is not None and attack.location.name == "Kunduz"
    # "the Sinai town of Arish": the town is Arish, not the region that qualifies it.
    arish = one(
        code(coder, "A soldier in the Northern Sinai town of Arish was killed on Tuesday."),
        "ASSAULT",
    )
    assert arish.location is not None and arish.location.name == "Arīsh"


def test_hacked_with_a_blade_is_an_attack_and_hacked_websites_a_cyber_act(coder: Coder) -> None:
    blade = code(
        coder, "A council official in Masvingo, Zimbabwe was hacked with a machete on Tuesday."
    )
    assert [(e.type, e.mode) for e in blade] == [("ASSAULT", "primitive")]
    cyber = one(
        code(
            coder, "Russian hackers hacked the websites of Ukraine's defence ministry on Tuesday."
        ),
        "COERCE",
    )
    assert cyber.mode == "cyber"


def test_an_act_a_plan_comes_after_has_happened_and_is_no_threat(coder: Coder) -> None:
    events = code(
        coder,
        "Ghana and Togo agreed on Wednesday to launch joint patrols along their border after a "
        "string of attacks by suspected jihadists, officials from both countries said.",
    )
    assert one(events, "AGREE")
    assert not [e for e in events if e.type == "THREATEN"]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Iran-backed Houthis attacked a Saudi oil facility on Monday.", ["HOUTHI"]),
        ("The al Qaeda-linked JNIM attacked an army post near Dapaong, Togo on Monday.", ["JNIM"]),
        # An affiliation before unnamed men says whose they are.
        ("Islah-affiliated forces attacked a checkpoint in Shabwa, Yemen on Monday.", None),
    ],
)
def test_a_backer_named_in_a_compound_is_no_side(
    coder: Coder, text: str, source: list[str] | None
) -> None:
    attack = one(code(coder, text), "ASSAULT")
    if source is None:
        assert "AL_ISLAH_PARTY" in codes(attack.source)
    else:
        assert codes(attack.source) == source
    assert attack.location is None or attack.location.country != "IRN"


def test_a_kind_of_act_is_no_act(coder: Coder) -> None:
    events = code(coder, "JNIM has carried out similar attacks in northern Togo.")
    assert not [e for e in events if e.type == "ASSAULT"]


def test_parties_named_only_by_kind_are_no_target_from_the_story(coder: Coder) -> None:
    text = (
        "Ghana and Togo agreed on Wednesday to share intelligence. Ghana's President Nana "
        "Akufo-Addo urged neighbouring countries to do more to stop the spread of violence."
    )
    request = one(code(coder, text), "REQUEST")
    assert (codes(request.source), codes(request.target)) == (["GHA"], [])
    both = (
        "Ghana and Togo agreed on Wednesday to share intelligence. "
        "The UN urged both countries to do more to stop the spread of violence."
    )
    assert set(codes(one(code(coder, both), "REQUEST").target)) == {"GHA", "TGO"}


def test_a_strike_is_where_its_sentence_says_not_at_the_dateline(coder: Coder) -> None:
    text = (
        "ISLAMABAD — Pakistan's foreign ministry summoned the Afghan envoy on Tuesday.\n\n"
        "On Monday, Pakistani jets struck what officials described as militant hideouts in "
        "Khost and Paktika provinces, killing eight people, according to the Taliban."
    )
    strike = one(code(coder, text), "ASSAULT")
    # Who described the targets only spoke; the dead are the strike's.
    assert codes(strike.source) == ["PAK"]
    assert strike.location is not None
    assert (strike.location.country, strike.location.name) == ("AFG", "Khōst")


def test_who_protests_against_an_attack_did_not_make_it(coder: Coder) -> None:
    text = (
        "Pakistan's foreign ministry summoned the Afghan envoy on Tuesday to protest against a "
        "cross-border attack that killed 12 soldiers in North Waziristan."
    )
    attacks = [e for e in code(coder, text) if e.type == "ASSAULT"]
    assert attacks and all("PAK" not in codes(a.source) for a in attacks)
    # Who answered with attacks made them.
    answered = code(
        coder,
        "Pakistani jets struck Taliban posts on Monday. The Taliban responded with attacks on "
        "Pakistani military posts along the border.",
    )
    assert any(codes(e.source) == ["TALIBAN"] for e in answered if e.type == "ASSAULT") or any(
        codes(e.source) == ["AFG"] for e in answered if e.type == "ASSAULT"
    )


def test_whom_an_attacks_result_harmed_it_harmed(coder: Coder) -> None:
    text = "Militants attacked a checkpoint in North Waziristan on Monday, killing 12 soldiers."
    attack = one(code(coder, text), "ASSAULT")
    assert (codes(attack.source), codes(attack.target)) == ([], ["PAK"])
    assert attack.fatalities is not None and attack.fatalities.min == 12


def test_a_clause_describing_an_actor_does_not_date_the_next_sentence(coder: Coder) -> None:
    text = (
        "Burkina Faso, whose junta expelled French troops last year, did not respond to a "
        "request for comment. The European Union has pledged 20 million euros to Togo."
    )
    pledge = one(code(coder, text), "AGREE")
    assert pledge.date.earliest == pledge.date.latest == PUBLISHED


def test_harm_told_in_a_reduced_relative_clause_happened(coder: Coder) -> None:
    text = "Three villagers attacked by gunmen on Monday were taken to hospital in Jos, Nigeria."
    attack = one(code(coder, text), "ASSAULT")
    assert codes(attack.target) == ["NGA"]
    assert attack.date.earliest == date(2025, 3, 10)
    # A relation told so is no event: "Syria's government, backed by Russia".
    backed = "Syria's government, backed by its ally Russia, rejected the plan on Monday."
    assert not [e for e in code(coder, backed) if e.type == "SUPPORT"]


def test_a_force_named_by_what_it_is_for_is_no_event(coder: Coder) -> None:
    events = code(coder, "Riot police fired tear gas at protesters in Nairobi on Tuesday.")
    assert not [e for e in events if e.type == "PROTEST" and e.trigger.text == "Riot"]
    assert one(events, "ASSAULT")
    helicopters = code(coder, "Russian attack helicopters struck a village near Kharkiv on Monday.")
    assert [e.trigger.text for e in helicopters if e.type == "ASSAULT"] == ["struck"]


def test_a_bare_count_of_those_detained_is_the_scenes_people(coder: Coder) -> None:
    text = (
        "Police fired tear gas at protesters in Bogota on Tuesday. At least 15 people were "
        "injured and 32 were detained, the mayor said. Venezuela said it was watching."
    )
    detained = one(code(coder, text), "COERCE")
    assert (codes(detained.source), codes(detained.target)) == (["COL"], ["COL"])


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        (
            "On Monday a landmine planted by Houthi forces in Al Jawf, Yemen exploded as a "
            "civilian car was passing by, killing one.",
            ["HOUTHI"],
            ["YEM"],
        ),
        (
            "One man died on Monday when an ambulance hit a suspected al-Shabaab planted land mine "
            "in Mandera, Kenya.",
            ["AL_SHABAAB"],
            ["KEN"],
        ),
        # Who ran into a weapon no one is said to have set was hit by it.
        (
            "On Monday an army vehicle struck an IED near Djibo, Burkina Faso, injuring several "
            "soldiers.",
            [],
            ["BFA"],
        ),
    ],
)
def test_who_set_a_weapon_made_the_attack_and_who_struck_it_was_hit(
    coder: Coder, text: str, source: list[str], target: list[str]
) -> None:
    attack = one(code(coder, text), "ASSAULT")
    assert (codes(attack.source), codes(attack.target)) == (source, target)


def test_a_defused_bomb_is_no_attack(coder: Coder) -> None:
    events = code(coder, "Kenyan police defused a bomb planted by al-Shabaab in Mandera on Monday.")
    assert not [e for e in events if e.type == "ASSAULT"]


def test_force_aimed_at_a_state_named_as_a_place_targets_it(coder: Coder) -> None:
    text = "Iran fired about 180 ballistic missiles at Israel on Tuesday."
    attack = one(code(coder, text), "ASSAULT")
    assert (codes(attack.source), codes(attack.target)) == (["IRN"], ["ISR"])


def test_a_warning_about_any_attack_threatens_its_maker(coder: Coder) -> None:
    events = code(
        coder,
        "Iran warned on Thursday that it would respond forcefully to any Israeli attack on its "
        "territory.",
    )
    threat = one(events, "THREATEN")
    assert (codes(threat.source), codes(threat.target)) == (["IRN"], ["ISR"])
    assert not [e for e in events if e.type == "ASSAULT"]


def test_a_speakers_own_people_are_no_other_state_of_the_story(coder: Coder) -> None:
    text = (
        "Police clashed with protesters in Bogota on Tuesday. The United States embassy in "
        "Bogota urged its citizens to avoid the demonstrations."
    )
    request = one(code(coder, text), "REQUEST")
    assert (codes(request.source), codes(request.target)) == (["USA"], [])


def test_sides_that_trade_accusations_accuse_each_other(coder: Coder) -> None:
    events = code(
        coder,
        "Ethiopia and Sudan traded accusations on Monday. The AU urged both countries to talk.",
    )
    accusations = {(codes(e.source)[0], codes(e.target)[0]) for e in events if e.type == "ACCUSE"}
    assert accusations == {("ETH", "SDN"), ("SDN", "ETH")}
    assert set(codes(one(events, "REQUEST").target)) == {"ETH", "SDN"}


def test_both_sides_are_not_the_speakers_own(coder: Coder) -> None:
    text = (
        "Iran fired missiles at Israel on Tuesday, and Israel struck Iran on Wednesday. "
        "Iran's ally Russia urged both sides to show restraint."
    )
    request = one(code(coder, text), "REQUEST")
    assert "ISR" in codes(request.target) and "RUS" not in codes(request.target)


def test_an_ally_is_not_its_possessor(coder: Coder) -> None:
    request = one(
        code(coder, "Iran's ally Russia urged both sides to show restraint on Monday."), "REQUEST"
    )
    assert codes(request.source) == ["RUS"]


def test_a_reaction_to_the_move_answers_who_made_it(coder: Coder) -> None:
    text = (
        "Russia's forces withdrew from two villages near Kupiansk on Sunday. Moscow said the "
        "front was stable. The United States imposed sanctions on three Chinese companies on "
        "Monday. Beijing denounced the move."
    )
    reaction = one(code(coder, text), "ACCUSE")
    assert (codes(reaction.source), codes(reaction.target)) == (["CHN"], ["USA"])


def test_what_two_sides_swap_is_each_others(coder: Coder) -> None:
    text = (
        "BRUSSELS, Jan 27 - EU ministers met on Monday.\n\nUkraine and Russia swapped 150 "
        "prisoners each on Sunday in a deal mediated by the United Arab Emirates."
    )
    swaps = {
        (codes(e.source)[0], codes(e.target)[0]) for e in code(coder, text) if e.type == "RETREAT"
    }
    assert swaps == {("UKR", "RUS"), ("RUS", "UKR")}


def test_the_bloc_is_the_organisation_named_last(coder: Coder) -> None:
    text = (
        "The European Union extended sanctions on Russia on Monday. Hungary dropped its "
        "objections after the bloc agreed to release some frozen funds to Budapest."
    )
    events = code(coder, text)
    agreement = one(events, "AGREE")
    assert (codes(agreement.source), codes(agreement.target)) == (["EU"], ["HUN"])
    assert codes(one(events, "CONCEDE").target) == ["EU"]


def test_the_members_of_one_side_meeting_is_no_consultation(coder: Coder) -> None:
    text = (
        "Ukraine asked for more weapons on Sunday. EU foreign ministers met in Brussels on Monday."
    )
    assert not [e for e in code(coder, text) if e.type == "CONSULT"]
    with_envoys = (
        "Ukraine asked for more weapons on Sunday. EU officials met Ukrainian envoys in "
        "Brussels on Monday."
    )
    meeting = one(code(coder, with_envoys), "CONSULT")
    assert (codes(meeting.source), codes(meeting.target)) == (["EU"], ["UKR"])


def test_a_story_naming_no_actor_is_set_where_its_regions_are(coder: Coder) -> None:
    # The village is in no gazetteer; the region of the next sentence places the story.
    events = code(
        coder,
        "Unidentified gunmen opened fire on a wedding in Welkite-Gudo on Tuesday, killing "
        "three guests. Elders said tension had grown for months across the Oromia region.",
    )
    attack = one(events, "ASSAULT")
    assert codes(attack.source) == []
    assert codes(attack.target) == ["ETH"]


def test_a_country_named_as_a_modifier_does_not_place_the_story(coder: Coder) -> None:
    events = code(
        coder,
        "Rioters angry at the soaring US dollar exchange rate blocked the coastal highway "
        "near Welkite-Gudo on Tuesday.",
    )
    assert not [e for e in events if "USA" in codes(e.source) + codes(e.target)]


def test_partisans_of_a_state_are_the_scene_s_people(coder: Coder) -> None:
    events = code(coder, "Pro-Russian activists attacked a peace rally in Kharkiv on Tuesday.")
    attack = one(events, "ASSAULT")
    assert codes(attack.source) == ["UKR"]
    # Forces keep their allegiance; an "anti-" protest is aimed at the state it names.
    forces = one(
        code(coder, "Pro-government forces shelled a village near Taiz on Tuesday."), "ASSAULT"
    )
    assert codes(forces.source) == ["YEM"]
    protest = one(
        code(coder, "Students staged an anti-Israel protest in Amman on Tuesday."), "PROTEST"
    )
    assert codes(protest.target) == ["ISR"]


def test_a_noun_s_target_hung_on_its_light_verb_is_the_target(coder: Coder) -> None:
    events = code(
        coder,
        "Nigerian Armed Forces conducted air strikes against a camp of Boko Haram at "
        "Kangarwa (Kukawa LGA, Borno) on Tuesday.",
    )
    strike = one(events, "ASSAULT")
    assert codes(strike.source) == ["NGA"]
    assert codes(strike.target) == ["BOKO_HARAM"]


def test_a_stance_toward_no_one_named_is_aimed_at_no_one_in_the_story(coder: Coder) -> None:
    events = code(
        coder,
        "Thousands of Georgians marched in Tbilisi on Tuesday against a bill that critics "
        "say copies a Russian law. Russia's foreign ministry mocked the protests.\n\n"
        "President Salome Zourabichvili said she would veto the bill, and the prime "
        "minister rejected the criticism.",
    )
    assert not [e for e in events if e.type == "REJECT" and "RUS" in codes(e.target)]


def test_a_state_a_relative_clause_names_is_no_side(coder: Coder) -> None:
    events = code(
        coder,
        "Thousands of Armenians marched in Yerevan on Tuesday to protest a border deal that "
        "critics say hands land to Azerbaijan.",
    )
    protest = one(events, "PROTEST")
    assert "AZE" not in codes(protest.target)


def test_an_attack_by_someone_that_a_verb_repelled_is_theirs(coder: Coder) -> None:
    events = code(
        coder,
        "Sudan's army said on Tuesday it had repelled a major assault by the paramilitary "
        "Rapid Support Forces (RSF) on the besieged city of El Fasher.",
    )
    attack = one(events, "ASSAULT")
    assert codes(attack.source) == ["RSF"]
    assert codes(attack.target) == ["SDN"]


def test_joint_doers_are_one_side_and_what_they_ask_for_is_no_event(coder: Coder) -> None:
    events = code(
        coder, "Egypt and Saudi Arabia urged a return to negotiations between the two sides."
    )
    request = one(events, "REQUEST")
    assert codes(request.source) == ["EGY", "SAU"]
    assert not [e for e in events if e.type == "CONSULT"]
    # Doers of an act to each other are each other's targets.
    accusations = code(coder, "Armenia and Azerbaijan accused each other of shelling villages.")
    sides = {(codes(e.source)[0], codes(e.target)[0]) for e in accusations if e.type == "ACCUSE"}
    assert sides == {("ARM", "AZE"), ("AZE", "ARM")}


def test_a_condemned_act_is_the_one_its_noun_names(coder: Coder) -> None:
    events = code(
        coder,
        "An Israeli air strike killed a Hezbollah commander in Jouaiya on Tuesday. Hezbollah "
        "said it fired 150 rockets at northern Israel on Wednesday in response. Lebanon's "
        "prime minister condemned the strike.",
    )
    condemnation = one(events, "ACCUSE")
    assert codes(condemnation.source) == ["LBN"]
    assert codes(condemnation.target) == ["ISR"]


def test_an_act_since_another_has_gone_on_until_the_report(coder: Coder) -> None:
    events = code(
        coder,
        "Israel and Hezbollah have exchanged fire almost daily since Hamas attacked Israel "
        "on October 7.",
    )
    exchange = next(e for e in events if e.trigger.text == "exchanged fire")
    assert (exchange.date.earliest, exchange.date.latest) == (date(2024, 10, 7), PUBLISHED)


def test_both_sides_a_mediator_calls_on_are_the_story_s_sides_but_itself(coder: Coder) -> None:
    events = code(
        coder,
        "Sudan's army said it repelled an attack by the RSF on El Fasher on Tuesday. The RSF "
        "denied the claim. U.N. officials said the RSF had shelled a camp.\n\n"
        "The United Nations Security Council called on both sides to cease hostilities.",
    )
    request = next(e for e in events if e.type == "REQUEST")
    assert codes(request.source) == ["UN"]
    assert sorted(codes(request.target)) == ["RSF", "SDN"]


def test_harm_a_seizure_results_in_is_an_attack_by_its_doer(coder: Coder) -> None:
    events = code(
        coder,
        "Chinese coast guard personnel boarded Philippine navy boats near Second Thomas Shoal "
        "on Monday and seized rifles, injuring several Filipino sailors.",
    )
    attack = one(events, "ASSAULT")
    assert codes(attack.source) == ["CHN"]
    assert codes(attack.target) == ["PHL"]


def test_welcoming_a_deal_backs_both_its_parties(coder: Coder) -> None:
    events = code(
        coder,
        "China and the Philippines reached a provisional deal on Sunday to resupply a garrison "
        "on a disputed shoal. The United States welcomed the deal on Monday.",
    )
    backing = one(events, "SUPPORT")
    assert codes(backing.source) == ["USA"]
    assert sorted(codes(backing.target)) == ["CHN", "PHL"]


@pytest.mark.parametrize(
    "text",
    [
        "Zelenskiy called on allies on Monday to deliver more air defence systems and artillery "
        "shells.",
        "The Pentagon said on Monday it would send more artillery shells and rockets to Kyiv.",
    ],
)
def test_weapons_handed_over_or_traded_are_goods_not_an_attack(coder: Coder, text: str) -> None:
    assert not [e for e in code(coder, text) if e.type in {"ASSAULT", "THREATEN"}]


def test_goods_told_after_with_make_the_supply_aid(coder: Coder) -> None:
    text = "Iran supplied Russia with hundreds of drones and missiles last year, officials said."
    events = code(coder, text)
    aid = one(events, "AID")
    assert (codes(aid.source), codes(aid.target)) == (["IRN"], ["RUS"])
    assert not [e for e in events if e.type == "ASSAULT"]


def test_weapons_fired_are_still_an_attack(coder: Coder) -> None:
    attack = one(
        code(coder, "Russian forces fired artillery shells at Kharkiv on Monday."), "ASSAULT"
    )
    assert (codes(attack.source), codes(attack.target)) == (["RUS"], ["UKR"])


def time_of(coder: Coder, text: str, written: str) -> DateInterval:
    (annotated,) = coder.annotate([Document(id="times", text=text, published=PUBLISHED)])
    (time,) = [t for t in annotated.times if t.span.text.endswith(written)]
    return time.interval


def test_a_deadline_is_the_nearer_date_and_no_later_sentences_time(coder: Coder) -> None:
    text = (
        "Pakistan said all undocumented Afghans must leave the country by April 2. "
        "The Taliban urged Islamabad to reconsider the decision."
    )
    # 19 days after publication, not 346 days before it
    assert time_of(coder, text, "April 2").earliest == date(2025, 4, 2)
    request = one(code(coder, text), "REQUEST")
    assert request.date.earliest == request.date.latest == PUBLISHED
    # A date in a past clause is still the last one before publication.
    held = time_of(coder, "Talks were held on April 2.", "April 2")
    assert held.earliest == date(2024, 4, 2)


@pytest.mark.parametrize(
    "text",
    [
        "The European Union agreed on Friday to impose new sanctions on Belarus.",
        "EU ambassadors approved a new sanctions package against Belarus on Friday.",
    ],
)
def test_a_body_deciding_on_sanctions_imposes_them(coder: Coder, text: str) -> None:
    events = code(coder, text)
    sanction = one(events, "SANCTION")
    assert (codes(sanction.source), codes(sanction.target)) == (["EU"], ["BLR"])
    assert sanction.date.earliest == PUBLISHED
    assert not [e for e in events if e.type in {"AGREE", "SUPPORT", "THREATEN", "AID"}]


def test_a_decision_still_to_come_imposes_nothing(coder: Coder) -> None:
    events = code(coder, "The EU will decide next week whether to impose sanctions on Belarus.")
    assert not [e for e in events if e.type == "SANCTION"]
    # Two sides agreeing on a step of their own make an agreement.
    agreed = "Pakistan and Afghanistan agreed on Thursday to reopen the border crossing."
    assert codes(one(code(coder, agreed), "AGREE").source) == ["PAK"]


def test_a_time_in_an_aside_on_a_participant_dates_its_story_not_the_act(coder: Coder) -> None:
    text = (
        "The deal, the first since the invasion in February 2022, was signed by Russia and "
        "Ukraine in Istanbul."
    )
    deal = one(code(coder, text), "AGREE")
    assert deal.date.earliest == deal.date.latest == PUBLISHED


def test_talks_told_by_sequence_are_not_a_visit_still_to_come(coder: Coder) -> None:
    text = (
        "Pakistan and Afghanistan agreed on Thursday to reopen the border crossing after talks "
        "in Kabul, officials said. Iran's foreign minister is due to visit Islamabad next week "
        "to discuss border security."
    )
    talks = one(code(coder, text), "CONSULT")
    assert {*codes(talks.source), *codes(talks.target)} == {"PAK", "AFG"}
    assert talks.date.latest <= PUBLISHED


def test_a_state_named_only_in_a_later_paragraph_is_no_side_of_an_earlier_act(
    coder: Coder,
) -> None:
    text = (
        "Kenyan police fired tear gas at protesters in Nairobi on Tuesday.\n\n"
        "President William Ruto vowed to crush the violence and threatened to punish its "
        "organisers.\n\n"
        "The United States and Britain urged restraint."
    )
    events = code(coder, text)
    assert not [e for e in events if e.type == "THREATEN" and "USA" in codes(e.target)]
    appeal = one(events, "REQUEST")
    assert codes(appeal.source) == ["USA", "GBR"] and codes(appeal.target) == ["KEN"]


def test_one_act_told_in_two_towns_each_named_with_it_is_two_acts(coder: Coder) -> None:
    text = (
        "Protesters stormed the parliament building in Nairobi on Tuesday as lawmakers voted "
        "on a finance bill.\n\n"
        "Protesters also stormed government offices in Mombasa on Tuesday, witnesses said."
    )
    protests = [e for e in code(coder, text) if e.type == "PROTEST"]
    assert sorted(e.location.name for e in protests if e.location) == ["Mombasa", "Nairobi"]


def test_a_protest_hijacked_by_others_is_no_abduction(coder: Coder) -> None:
    said = (
        'President William Ruto said the protests in Kenya had been "hijacked by dangerous people".'
    )
    assert not [e for e in code(coder, said) if e.type == "ASSAULT"]
    bus = one(code(coder, "Gunmen hijacked a bus carrying 30 passengers near Garissa."), "ASSAULT")
    assert bus.mode == "abduct"


def test_a_state_told_as_a_named_groups_home_is_no_side(coder: Coder) -> None:
    attack = one(
        code(coder, "Lebanon's Hezbollah fired rockets at northern Israel on Tuesday."), "ASSAULT"
    )
    assert codes(attack.source) == ["HEZBOLLAH"]
    clash = one(code(coder, "Sudanese and RSF forces clashed in Omdurman on Saturday."), "ASSAULT")
    assert {*codes(clash.source), *codes(clash.target)} == {"SDN", "RSF"}


def test_a_time_in_a_relative_clause_on_the_doer_dates_neither_the_act_nor_what_follows(
    coder: Coder,
) -> None:
    text = (
        "Saudi Arabia, which hosted talks between the warring parties last year, urged them "
        "to return to negotiations. It also called for a truce."
    )
    appeals = [e for e in code(coder, text) if e.type == "REQUEST"]
    assert appeals and all(e.date.earliest == e.date.latest == PUBLISHED for e in appeals)


def test_both_sides_leave_out_the_speaker_of_a_joined_verb(coder: Coder) -> None:
    text = (
        "The army and the RSF clashed in Khartoum on Friday. U.N. Secretary-General Antonio "
        "Guterres condemned the fighting and called on both sides to stop it."
    )
    appeal = one(code(coder, text), "REQUEST")
    assert codes(appeal.source) == ["UN"] and "UN" not in codes(appeal.target)
    alone = "U.N. Secretary-General Antonio Guterres condemned the attack and called on both sides."
    assert not [e for e in code(coder, alone) if "UN" in codes(e.target)]


def test_an_act_told_as_a_condition_did_not_happen_whatever_its_type(coder: Coder) -> None:
    text = (
        'Israeli Prime Minister Benjamin Netanyahu warned that Israel would strike "forcefully" '
        "if Hezbollah violated the agreement."
    )
    events = code(coder, text)
    assert [e.type for e in events] == ["THREATEN"]


def test_what_a_deal_requires_of_a_side_is_not_yet_done(coder: Coder) -> None:
    text = (
        "The deal, brokered by the United States and France, requires Hezbollah to withdraw "
        "its fighters north of the Litani River."
    )
    assert not [e for e in code(coder, text) if e.type == "RETREAT"]


def test_a_ceasefire_taking_effect_is_both_sides_holding_fire(coder: Coder) -> None:
    truce = one(
        code(coder, "A ceasefire between Israel and Hezbollah took effect on Wednesday."),
        "RETREAT",
    )
    assert truce.mode == "ceasefire"
    assert {*codes(truce.source), *codes(truce.target)} == {"ISR", "HEZBOLLAH"}


def test_the_owner_of_a_part_of_a_place_is_where_it_happened(coder: Coder) -> None:
    strike = one(
        code(coder, "Israeli warplanes pounded Beirut's southern suburbs on Tuesday."), "ASSAULT"
    )
    assert strike.location is not None and strike.location.name == "Beirut"


def test_whom_a_joined_verb_acts_on_is_not_this_acts_other_side(coder: Coder) -> None:
    text = (
        "Lebanon's Prime Minister Najib Mikati welcomed the decision and thanked Washington "
        "and Paris for their efforts."
    )
    events = code(coder, text)
    assert not [e for e in events if e.trigger.text == "welcomed" and "USA" in codes(e.target)]
    thanks = next(e for e in events if e.trigger.text == "thanked")
    assert codes(thanks.target) == ["USA", "FRA"]


def test_a_time_still_to_come_never_dates_an_act_that_happened(coder: Coder) -> None:
    text = (
        "China and the United States agreed on the sidelines of the summit to hold their first "
        "talks on artificial intelligence in the coming weeks."
    )
    deal = one(code(coder, text), "AGREE")
    assert deal.date.latest <= PUBLISHED


def test_a_toll_mounting_over_years_is_background_not_an_attack(coder: Coder) -> None:
    text = (
        "Suspected jihadists killed 12 villagers in Yobe state on Sunday, police said.\n\n"
        "Boko Haram and its rival offshoot ISWAP have killed more than 40,000 people and "
        "displaced some two million since 2009."
    )
    attacks = [e for e in code(coder, text) if e.type == "ASSAULT"]
    assert [e.fatalities.min for e in attacks if e.fatalities] == [12]


def test_what_the_sides_differ_over_names_no_side(coder: Coder) -> None:
    text = (
        "Chinese President Xi Jinping met U.S. Secretary of State Antony Blinken in Beijing, and "
        "the two sides agreed to keep talking despite deep differences over trade, Taiwan and "
        "Russia's war in Ukraine."
    )
    deal = one(code(coder, text), "AGREE")
    assert {*codes(deal.source), *codes(deal.target)} == {"CHN", "USA"}


def test_a_peoples_name_before_a_word_for_people_is_no_town(coder: Coder) -> None:
    # Abala is also a town in Ethiopia (and Niger): the herdsmen are a people, not its people.
    text = "Abala herdsmen clashed with farmers in Um Tajok, killing 23."
    assert not [
        e
        for e in code(coder, text)
        if "ETH" in {*codes(e.source), *codes(e.target)}
        or (e.location and e.location.country == "ETH")
    ]


def test_fighting_told_as_an_occurrence_is_fought_by_the_people_of_its_place(
    coder: Coder,
) -> None:
    events = code(
        coder,
        "Heavy clashes erupted in a district of Misrata on Tuesday, leaving six people dead, "
        "residents said.",
    )
    fighting = one(events, "ASSAULT")
    assert codes(fighting.source) == codes(fighting.target) == ["LBY"]
    assert fighting.date.earliest == fighting.date.latest == date(2025, 3, 11)
    assert fighting.fatalities is not None and fighting.fatalities.min == 6


def test_gunfire_heard_in_a_town_is_an_attack_on_its_people_by_no_one_named(
    coder: Coder,
) -> None:
    events = code(coder, "Gunshots were heard near the central market in Kismayo on Wednesday.")
    shooting = one(events, "ASSAULT")
    assert codes(shooting.source) == []
    assert codes(shooting.target) == ["SOM"]
    assert shooting.date.earliest == date(2025, 3, 12)


def test_an_occurrence_verb_tells_no_attack_where_no_place_is_named(coder: Coder) -> None:
    # No town, no country: nothing says whose people fought, and an actorless event cannot be
    # audited.
    assert not [e for e in code(coder, "Fighting broke out on Tuesday.") if e.type == "ASSAULT"]


def test_a_dateline_naming_its_country_sets_the_story_in_its_city(coder: Coder) -> None:
    # The dateline is a list of places, city first: the story's unnamed crowds and police are
    # that country's, and its force used on "them" is used on the crowd.
    events = code(
        coder,
        "GOMA, Democratic Republic of Congo, March 14 - Hundreds of people protested outside "
        "the U.N. base on Thursday, accusing the mission of failing to protect civilians. "
        "Police fired tear gas to disperse them.",
    )
    protest = one(events, "PROTEST")
    assert codes(protest.source) == ["COD"]
    assert codes(protest.target) == ["UN"]
    force = one(events, "ASSAULT")
    assert codes(force.source) == codes(force.target) == ["COD"]
    assert force.location is not None and force.location.name == "Goma"
    # The misread clause "protested outside the U.N. base" names no one who accused.
    assert not [e for e in events if e.type == "ACCUSE" and codes(e.source) == ["UN"]]


def test_the_object_of_a_participle_is_what_its_main_verb_acted_on(coder: Coder) -> None:
    # "it" in "setting it ablaze" is the tanker, never the rebels who fired.
    events = code(
        coder,
        "Yemen's Houthi rebels fired missiles at a Liberian-flagged tanker on Wednesday, "
        "setting it ablaze.",
    )
    assert {(tuple(codes(e.source)), tuple(codes(e.target))) for e in events} == {
        (("HOUTHI",), ("LBR",))
    }


def test_the_group_s_forces_are_the_group_s(coder: Coder) -> None:
    events = code(
        coder,
        "Al Shabaab militants stormed a hotel in Kismayo on Tuesday. "
        "The group's fighters later attacked the police station.",
    )
    attacks = [e for e in events if e.type == "ASSAULT"]
    assert attacks and all(codes(e.source) == ["AL_SHABAAB"] for e in attacks)
    assert all(codes(e.target) == ["SOM"] for e in attacks)


def test_a_vow_to_retaliate_is_aimed_at_whoever_last_attacked_the_speaker(coder: Coder) -> None:
    events = code(
        coder,
        "Israeli jets struck Hezbollah positions in southern Lebanon on Monday, Lebanon's army "
        "said. Lebanon's prime minister said Lebanon would complain to the United Nations.\n\n"
        "Hezbollah vowed to retaliate.",
    )
    threat = one(events, "THREATEN")
    assert codes(threat.source) == ["HEZBOLLAH"]
    assert codes(threat.target) == ["ISR"]


def test_whom_an_act_is_done_in_solidarity_with_is_not_its_target(coder: Coder) -> None:
    events = code(
        coder,
        "Greek shipowners said on Thursday that their vessels would avoid the Red Sea.\n\n"
        "Houthi rebels attacked a ship on Friday in solidarity with Palestinians.",
    )
    attack = one(events, "ASSAULT")
    assert codes(attack.source) == ["HOUTHI"]
    assert "PSE" not in codes(attack.target)


def test_an_attack_retold_in_the_past_perfect_is_the_attack_told_before(coder: Coder) -> None:
    # The spokesman's Tuesday dates his statement; the attack he retells was Monday's.
    events = code(
        coder,
        "Yemen's Houthi rebels fired missiles at a British tanker off Yemen on Monday.\n\n"
        "A Houthi spokesman said on Tuesday that the group's forces had targeted the vessel "
        "with naval missiles.",
    )
    attack = one(events, "ASSAULT")
    assert (codes(attack.source), codes(attack.target)) == (["HOUTHI"], ["GBR"])
    assert attack.date.earliest == attack.date.latest == date(2025, 3, 10)


def test_a_name_the_tagger_reads_as_a_verb_still_names_the_doer(coder: Coder) -> None:
    # spaCy tags "ECOWAS" a VBG here, a clause describing "bloc": the name is still the
    # bloc's, unlike the words of a real clause ("people [protested outside the U.N. base]").
    events = code(coder, "West African regional bloc ECOWAS imposed sanctions on Mali on Monday.")
    sanction = one(events, "SANCTION")
    assert (codes(sanction.source), codes(sanction.target)) == (["ECOWAS"], ["MLI"])


def test_talks_set_beside_a_meeting_still_to_come_are_still_to_come(coder: Coder) -> None:
    events = code(
        coder,
        "Japan and China agreed on Monday to resume fishery talks, Japan's foreign ministry "
        "said.\n\n"
        "Prime Minister Fumio Kishida is expected to meet Chinese President Xi Jinping on the "
        "sidelines of an APEC summit in Peru next week, their first formal talks in a year.",
    )
    assert not [e for e in events if e.type == "CONSULT" and "Peru" in e.evidence.text]


def test_diplomats_ordered_to_leave_are_expelled(coder: Coder) -> None:
    events = code(
        coder, "Algeria on Monday ordered 12 French diplomats to leave the country within 48 hours."
    )
    expulsion = one(events, "SANCTION")
    assert expulsion.mode == "expel"
    assert (codes(expulsion.source), codes(expulsion.target)) == (["DZA"], ["FRA"])
    assert not [e for e in events if e.type == "REQUEST"]


def test_an_act_in_an_open_question_or_a_told_consequence_has_not_happened(coder: Coder) -> None:
    events = code(
        coder,
        "The expulsions came hours before Chancellor Olaf Scholz was due to meet Emmanuel "
        "Macron in Paris to discuss whether to allow Ukraine to fire German missiles into "
        'Russia.\n\n"This will mean that Germany and France are fighting with Russia," '
        "Putin told reporters.",
    )
    assert not [e for e in events if e.type == "ASSAULT"]
    assert not [e for e in events if "DEU" in codes(e.source)]


def test_a_suicide_bombing_s_toll_is_the_attack_of_whoever_it_is_claimed_by(
    coder: Coder,
) -> None:
    text = (
        "A suicide bomber rammed an explosives-laden car into an army post in Mali's central "
        "Mopti region on Tuesday, killing at least nine soldiers, officials said.\n\n"
        "The attack was claimed by JNIM, an al Qaeda affiliate."
    )
    for written in (text, text.lower()):
        attack = one(code(coder, written), "ASSAULT")
        assert (codes(attack.source), codes(attack.target)) == (["JNIM"], ["MLI"])
        assert attack.date.earliest == date(2025, 3, 11)
        assert attack.fatalities is not None and attack.fatalities.min == 9


def test_drones_launched_at_a_state_target_that_state(coder: Coder) -> None:
    for text in (
        "Russia launched more than 60 missiles and 90 drones at Ukraine overnight, officials said.",
        "Iran fired dozens of missiles and drones at Israel on Saturday.",
    ):
        attacks = [e for e in code(coder, text) if e.type == "ASSAULT"]
        assert attacks, text
        for attack in attacks:
            assert codes(attack.target) == (["UKR"] if "Ukraine" in text else ["ISR"]), text


def test_an_appeal_to_unnamed_allies_names_no_adversary_as_its_addressee(coder: Coder) -> None:
    events = code(
        coder,
        "Russian missiles hit Kharkiv on Friday.\n\n"
        "Zelenskiy urged Western allies to send more air defence systems.",
    )
    appeal = one(events, "REQUEST")
    assert codes(appeal.source) == ["UKR"]
    assert codes(appeal.target) == []


def test_aid_kept_from_being_given_is_no_aid(coder: Coder) -> None:
    events = code(
        coder, "Hungary on Monday blocked a new package of European Union military aid for Ukraine."
    )
    assert not [e for e in events if e.type == "AID"]
    veto = one(events, "REJECT")
    assert codes(veto.source) == ["HUN"]


def test_a_story_filed_from_abroad_is_set_where_its_text_says(coder: Coder) -> None:
    events = code(
        coder,
        "NAIROBI, March 12 (Reuters) - Gunmen stormed a hotel in Mogadishu on Tuesday, killing "
        "at least nine people.\n\n"
        "Security forces later killed four of the attackers, a police officer said. The army "
        "condemned the attack.",
    )
    assert "KEN" not in {c for e in events for c in codes(e.source) + codes(e.target)}
    condemnation = one(events, "ACCUSE")
    assert codes(condemnation.source) == ["SOM"]


def test_a_curfew_is_imposed_on_the_government_s_own_people(coder: Coder) -> None:
    events = code(
        coder,
        "Gang leader Jimmy Cherizier said on Thursday that the G9 alliance would fight on.\n\n"
        "The Haitian government declared a 72-hour state of emergency and imposed a night "
        "curfew on Sunday.",
    )
    for coercion in (e for e in events if e.type == "COERCE"):
        assert codes(coercion.source) == codes(coercion.target) == ["HTI"]
    assert [e for e in events if e.type == "COERCE"]


def test_force_a_speaker_says_would_be_used_is_a_threat_not_an_act(coder: Coder) -> None:
    events = code(
        coder,
        "M23 spokesman Lawrence Kanyuka said on Monday that the rebels would unite to oust the "
        "government in Kinshasa.",
    )
    assert not [e for e in events if e.type in {"COERCE", "ASSAULT"}]
    threat = one(events, "THREATEN")
    assert (codes(threat.source), codes(threat.target)) == (["M23"], ["COD"])


def test_envoys_expelled_from_a_state_are_that_state_s(coder: Coder) -> None:
    expulsion = one(code(coder, "Niger expelled diplomats from France on Monday."), "SANCTION")
    assert (codes(expulsion.source), codes(expulsion.target)) == (["NER"], ["FRA"])
    # A region's adjective is no state: "Latin American" is not the United States.
    events = code(coder, "Peru expelled diplomats from several Latin American countries.")
    assert "USA" not in {c for e in events for c in codes(e.target)}


def test_people_harmed_are_of_the_town_or_region_named_before_a_country_named(
    coder: Coder,
) -> None:
    attack = one(
        code(coder, "Soldiers from Chad attacked a village in Darfur on Monday."), "ASSAULT"
    )
    assert (codes(attack.source), codes(attack.target)) == (["TCD"], ["SDN"])


def test_a_measure_only_weighed_has_not_been_taken(coder: Coder) -> None:
    events = code(
        coder,
        "The European Union said on Tuesday it was considering sanctions against Serbian "
        "officials responsible for the violence.",
    )
    assert not [e for e in events if e.type == "SANCTION"]
