"""A visitor's session: follow-ups borrow the conversation's topic, memory forgets."""

from __future__ import annotations

from rag.memory import SessionMemory, Turn, is_follow_up, points_back, replaced, rewrite


def test_follow_up_borrows_the_last_topic() -> None:
    history = [Turn("Combien coûte un passeport ?", "Combien coûte un passeport ?", "…", False)]
    assert is_follow_up("et pour un enfant ?")
    assert not is_follow_up("Quels sont les horaires de la piscine municipale le samedi ?")
    rw = rewrite("et pour un enfant ?", history)
    assert "passeport" in rw.query and "enfant" in rw.query
    assert rw.previous == "Combien coûte un passeport ?"
    # a chain of follow-ups keeps hanging on the first question
    history.append(Turn("et pour un enfant ?", rw.topic, "…", False))
    rw2 = rewrite("et pour un adulte ?", history)
    assert "enfant" not in rw2.query and "passeport" in rw2.query
    assert rewrite("Où est la médiathèque ?", history).previous is None


def test_a_follow_up_replaces_the_attribute_it_changes() -> None:
    history = [Turn("La médiathèque est ouverte le samedi ?",
                    "La médiathèque est ouverte le samedi ?", "…", False)]
    rw = rewrite("et le jeudi ?", history)
    assert "jeudi" in rw.query and "samedi" not in rw.query and "médiathèque" in rw.query
    history = [Turn("La cantine pour un quotient de 800 ?", "La cantine pour un quotient de 800 ?",
                    "…", False)]
    assert "800" not in rewrite("et pour 1200 ?", history).query
    assert "800" in rewrite("et le mercredi ?", history).query


def test_memory_forgets_old_sessions_and_keeps_last_turns() -> None:
    now = [0.0]
    mem = SessionMemory(turns=2, ttl_s=60, clock=lambda: now[0])
    for i in range(3):
        mem.add("v1", Turn(f"q{i}", f"q{i}", "a", False))
    assert [t.question for t in mem.history("v1")] == ["q1", "q2"]
    assert mem.history(None) == [] and mem.history("v2") == []
    now[0] = 61.0
    assert mem.history("v1") == []


def test_an_expired_session_read_by_two_callers_at_once_is_no_error() -> None:
    """The API's threads and the voice loop share one memory. Here the second caller
    runs between the first one's read and its delete (from inside the clock): before
    the fix, the first one's `del` raised KeyError for the visitor asking."""
    mem = SessionMemory(turns=2, ttl_s=60)
    mem.add("v1", Turn("q", "q", "a", False))
    calls = [0]

    def clock() -> float:
        calls[0] += 1
        if calls[0] == 1:
            assert mem.history("v1") == []  # the other caller, expiring it first
        return 1e9

    mem._clock = clock
    assert mem.history("v1") == []


def test_a_pronoun_points_at_the_last_follow_up_an_attribute_at_the_first_question() -> None:
    first = "Je voudrais construire un abri de jardin, il faut une autorisation ?"
    history = [Turn(first, first, "…", False),
               Turn("et le service urbanisme, il reçoit quand ?", first, "…", False,
                    query=f"{first}, le service urbanisme, il reçoit quand ?")]
    rw = rewrite("ok et leur numéro de téléphone ?", history)
    assert "service urbanisme" in rw.query and "numéro" in rw.query and "abri" in rw.query
    assert rw.topic == first  # the chain still hangs on the first question
    # No pronoun: the follow-up changes an attribute of the first question.
    assert "urbanisme" not in rewrite("et pour un garage ?", history).query
    # A demonstrative takes up the last thing named too (« c'est où ? », « ça ferme
    # quand ? »), unless the question names its subject before it.
    assert "urbanisme" in rewrite("et c'est où exactement ?", history, force=True).query
    assert "urbanisme" in rewrite("et ça ferme quand ?", history).query
    assert "urbanisme" not in rewrite("et le garage c'est combien ?", history).query
    # « il faut » is impersonal: it points at nothing.
    assert "urbanisme" not in rewrite("et il faut quoi pour un garage ?", history).query
    # After a question that stood alone, a pronoun has its topic only (its words said once).
    said = "Ma fille a onze ans, pour sa carte d'identité elle doit venir ?"
    alone = [Turn(said, "Ma fille a 11 ans, pour sa carte d'identité elle doit venir ?", "…",
                  False, query="Ma fille a 11 ans, pour sa carte d'identité elle doit venir ?")]
    assert rewrite("et ils prennent ses empreintes ?", alone).query.count("fille") == 1


def test_a_follow_up_saying_where_someone_lives_replaces_the_topics() -> None:
    # « et pour mon frère qui habite à Tours ? » after « … j'habite Valmorin »: the
    # brother's price, not the visitor's.
    topic = "ça coûte combien la salle un week-end j'habite valmorin"
    assert replaced(topic, "et pour mon frère qui habite à tours") == (
        "ça coûte combien la salle un week-end")
    assert replaced("la cantine c'est combien, on est de la commune",
                    "et si on habite pas ici") == "la cantine c'est combien"
    # A follow-up saying nothing of it keeps it.
    assert replaced("la salle c'est combien, j'habite valmorin",
                    "et le dimanche") == "la salle c'est combien, j'habite valmorin"


def test_a_long_question_opening_on_et_or_mais_follows_the_one_before() -> None:
    assert is_follow_up("et le mercredi au centre de loisirs la journée avec le repas")
    assert is_follow_up("bon et pour réserver on fait comment, faut s'y prendre quand ?")
    assert not is_follow_up("la piscine municipale elle ouvre à quelle heure le samedi matin")
    assert not is_follow_up("alors voilà je voudrais savoir les horaires de la piscine le samedi")


def test_a_pronoun_right_after_its_noun_takes_up_that_noun() -> None:
    assert not points_back("l'inscription elle est payante ?")
    assert not points_back("et la piscine, elle ouvre quand ?")
    assert points_back("elle ouvre quand ?")
    assert points_back("et combien coûte sa carte ?")  # a possessive always points back


def test_a_follow_up_asking_something_itself_takes_the_topic_s_subject_only() -> None:
    topic = "la médiathèque le samedi elle ouvre de quelle heure à quelle heure"
    history = [Turn(topic, topic, "…", False)]
    rw = rewrite("bon et l'inscription elle est payante ?", history)
    assert "mediatheque" in rw.query and "heure" not in rw.query and "payante" in rw.query
    # one asking nothing itself keeps the whole question, its day replaced
    rw = rewrite("et le jeudi ?", history)
    assert "heure" in rw.query and "jeudi" in rw.query and "samedi" not in rw.query
    # « qui » relates here, it does not ask
    topic = "ça coûte combien pour louer la grande salle un week-end"
    rw = rewrite("et pour mon frère qui habite à Tours", [Turn(topic, topic, "…", False)])
    assert "combien" in rw.query


def test_a_follow_up_asking_only_where_or_how_much_keeps_its_question() -> None:
    topic = "le vide grenier du comité des fêtes c'est quel jour"
    history = [Turn(topic, topic, "…", False)]
    for said in ("et c'est où ?", "et c'est ou", "et ça coûte combien ?"):
        rw = rewrite(said, history)
        assert rw.previous == topic and "vide grenier" in rw.query
        assert rw.query.endswith(said.removeprefix("et ")), said  # what it asks is searched


def test_a_month_replaces_the_topic_s_season_and_a_part_of_the_day_another() -> None:
    assert "hiver" not in replaced("la déchetterie le samedi en plein hiver elle ferme quand",
                                   "et au mois de juillet")
    topic = replaced("la mairie le jeudi elle ferme à quelle heure le soir", "et le samedi matin")
    assert "soir" not in topic and "jeudi" not in topic and "mairie" in topic
