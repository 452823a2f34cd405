"""The shipped library of intervision methods and activities, in Dutch and English.

Plain data: every text is a pair (Dutch, English). `load` writes it into the database (the data
migration calls it with historical models); admins edit it afterwards in Django admin.
Sources for phases and minutes: public Dutch descriptions of the incidentmethode, Balint,
roddelmethode, Socratic dialogue, five-step and problem-solving methods, and the general
peer-coaching pattern check-in → objectives → deep dive → action plan → follow-up.
"""

from __future__ import annotations

Text = tuple[str, str]

EVERYONE = ("Iedereen", "Everyone")
CASE_BRINGER = ("De inbrenger", "The case-bringer")
MEMBERS = ("De groepsleden; de inbrenger luistert", "The members; the case-bringer listens")
FACILITATOR = ("De gespreksleider", "The facilitator")
NO_ADVICE = ("Alleen vragen, geen advies", "Questions only, no advice")
FREE = ("Vrij gesprek, in de ik-vorm", "Open conversation, in the first person")


def _phase(
    kind: str, minutes: int, name: Text, guidance: Text, who: Text, allowed: Text, write: Text
) -> dict:
    return {
        "kind": kind,
        "minutes": minutes,
        "name": name,
        "guidance": guidance,
        "who_speaks": who,
        "allowed": allowed,
        "write_down": write,
    }


FOLLOW_UP = _phase(
    "follow_up",
    5,
    ("Terugblik op de acties van vorige keer", "Review of last time's actions"),
    (
        "Loop de acties van de vorige sessie langs. Vraag elke eigenaar: welke vooruitgang heb je "
        "geboekt sinds ons laatste gesprek? Neem onafgeronde acties mee, sluit ze af of laat ze "
        "vallen met een woord van uitleg.",
        "Go through the actions of the previous session. Ask each owner: what progress have you "
        "made since our last conversation? Carry unfinished actions over, close them, or drop "
        "them with a word of why.",
    ),
    ("Elke eigenaar van een actie", "Each action owner"),
    ("Kort verslag, geen nieuwe discussie", "A short report, no new discussion"),
    ("Per actie: meenemen, afsluiten of laten vallen", "Per action: carry over, close or drop"),
)

METHODS: list[dict] = [
    {
        "key": "intervision-pattern",
        "order": 10,
        "for_pairs": True,
        "for_groups": True,
        "name": ("Algemene intervisiesessie", "General intervision session"),
        "description": (
            "Het vaste patroon van een sessie: check-in met successen en uitdagingen, één of twee "
            "doelen voor het gesprek, de diepte in met vragen en feedback, een actieplan, en de "
            "follow-up volgende keer.",
            "The usual pattern of a session: check-in with wins and challenges, one or two "
            "objectives for the conversation, a deep dive with questions and feedback, an action "
            "plan, and the follow-up next time.",
        ),
        "phases": [
            FOLLOW_UP,
            _phase(
                "check_in",
                10,
                ("Check-in: successen en uitdagingen", "Check-in: wins and challenges"),
                (
                    "Ieder deelt kort één succes en één uitdaging van de afgelopen periode. "
                    "Vier de successen.",
                    "Everyone briefly shares one win and one challenge since last time. "
                    "Celebrate the wins.",
                ),
                EVERYONE,
                ("Delen en luisteren, nog niet doorvragen", "Share and listen, no probing yet"),
                ("Successen en uitdagingen", "Wins and challenges"),
            ),
            _phase(
                "goal",
                5,
                ("Eén of twee doelen kiezen", "Choose one or two objectives"),
                (
                    "Kies samen één of twee onderwerpen waar deze sessie over gaat. "
                    "Maak ze concreet: wat wil de inbrenger aan het eind weten of kunnen?",
                    "Choose together one or two topics for this session. Make them concrete: "
                    "what does the case-bringer want to know or be able to do at the end?",
                ),
                EVERYONE,
                ("Voorstellen en kiezen", "Propose and choose"),
                ("De gekozen doelen", "The chosen objectives"),
            ),
            _phase(
                "questions",
                25,
                ("De diepte in: vragen en feedback", "Deep dive: questions and feedback"),
                (
                    "Help de inbrenger met open vragen zelf verder te denken. Feedback mag, "
                    "begin met wat goed gaat; advies alleen als de inbrenger erom vraagt.",
                    "Help the case-bringer think further with open questions. Feedback is "
                    "welcome, start with strengths; advice only when the case-bringer asks.",
                ),
                ("De groepsleden en de inbrenger", "The members and the case-bringer"),
                (
                    "Vooral open vragen; feedback in de ik-vorm",
                    "Mainly open questions; feedback in the first person",
                ),
                ("Vragen, feedback en inzichten", "Questions, feedback and insights"),
            ),
            _phase(
                "action_plan",
                10,
                ("Actieplan", "Action plan"),
                (
                    "Wat gaat ieder concreet doen vóór de volgende sessie? Geef elke actie een "
                    "eigenaar en een datum.",
                    "What will each person concretely do before the next session? Give every "
                    "action an owner and a date.",
                ),
                EVERYONE,
                ("Afspraken maken", "Make agreements"),
                ("Acties met eigenaar en datum", "Actions with owner and date"),
            ),
        ],
    },
    {
        "key": "goal-reflection-next-steps",
        "order": 20,
        "for_pairs": True,
        "for_groups": False,
        "name": (
            "Duo: doel → reflectie → volgende stappen",
            "Pair: goal → reflection → next steps",
        ),
        "description": (
            "Een losse structuur voor een duo: eerst het doel, dan reflectie, dan de volgende "
            "stappen. Laat ruimte voor spontane inzichten en nieuwe uitdagingen.",
            "A loose structure for a pair: first the goal, then reflection, then next steps. "
            "Leave room for spontaneous insights and new challenges.",
        ),
        "phases": [
            FOLLOW_UP,
            _phase(
                "goal",
                10,
                ("Doel", "Goal"),
                (
                    "Wat wil de coachee vandaag bereiken? Maak het specifiek en meetbaar: niet "
                    "'ik wil beter worden' maar 'ik wil e-mails van klanten zelfverzekerder "
                    "afhandelen'.",
                    "What does the coachee want to achieve today? Make it specific and "
                    "measurable: not 'I want to get better' but 'I want to handle client emails "
                    "more confidently'.",
                ),
                ("De coachee; de coach vraagt door", "The coachee; the coach asks"),
                ("Open vragen, geen oplossingen", "Open questions, no solutions"),
                ("Het doel in één zin", "The goal in one sentence"),
            ),
            _phase(
                "reflection",
                25,
                ("Reflectie", "Reflection"),
                (
                    "Kijk samen terug: wat ging er echt goed? Wat zou je de volgende keer anders "
                    "proberen? De coach stelt vragen en geeft gebalanceerde feedback.",
                    "Look back together: what went really well? What would you try differently "
                    "next time? The coach asks questions and gives balanced feedback.",
                ),
                ("Beiden; vooral de coachee", "Both; mostly the coachee"),
                (
                    "Vragen eerst, feedback op verzoek",
                    "Questions first, feedback when asked",
                ),
                ("Inzichten van de coachee", "The coachee's insights"),
            ),
            _phase(
                "action_plan",
                10,
                ("Volgende stappen", "Next steps"),
                (
                    "Welke één of twee stappen zet de coachee vóór de volgende keer? Spreek af "
                    "wanneer jullie erop terugkomen en wat de coach kan doen om te steunen.",
                    "Which one or two steps will the coachee take before next time? Agree when "
                    "you will come back to it and what the coach can do to support.",
                ),
                ("De coachee", "The coachee"),
                ("Afspraken maken", "Make agreements"),
                ("Acties met datum", "Actions with a date"),
            ),
        ],
    },
    {
        "key": "incident",
        "order": 30,
        "for_pairs": False,
        "for_groups": True,
        "name": ("Incidentmethode", "Incident method"),
        "description": (
            "De incidentmethode (Hendriksen) in de gangbare getimede vorm van ongeveer 65 minuten: "
            "één concreet incident, eerst feitelijke vragen zonder advies, dan analyse, dan een "
            "adviesronde waarin de inbrenger alleen luistert.",
            "The incident method (Hendriksen) in its common timed form of about 65 minutes: one "
            "concrete incident, first factual questions without advice, then analysis, then an "
            "advice round in which the case-bringer only listens.",
        ),
        "phases": [
            FOLLOW_UP,
            _phase(
                "case",
                10,
                ("Casussen inbrengen", "Case contributions"),
                (
                    "Wie een incident heeft, schetst het in een paar zinnen: actueel, concreet, "
                    "in de ik-vorm, met een eigen vraag.",
                    "Whoever has an incident sketches it in a few sentences: current, concrete, "
                    "in the first person, with a question of their own.",
                ),
                ("Wie een casus heeft", "Whoever has a case"),
                ("Kort schetsen, nog geen vragen", "Brief sketches, no questions yet"),
                ("De ingebrachte casussen", "The cases put forward"),
            ),
            _phase(
                "case",
                5,
                ("Casus kiezen", "Choose a case"),
                (
                    "De groep kiest één casus. De inbrenger formuleert de vraag nog eens scherp.",
                    "The group chooses one case. The case-bringer states the question sharply "
                    "once more.",
                ),
                EVERYONE,
                ("Kiezen, niet inhoudelijk bespreken", "Choose, do not discuss the content"),
                ("De gekozen casus en de vraag", "The chosen case and the question"),
            ),
            _phase(
                "questions",
                15,
                ("Feitelijke vragen, geen advies", "Factual questions, no advice"),
                (
                    "De groep stelt informatieve vragen om het incident helder te krijgen: wie, "
                    "wat, wanneer, wat deed je, wat dacht je. Wie een advies voelt opkomen, "
                    "schrijft het op voor later.",
                    "The group asks informative questions to get the incident clear: who, what, "
                    "when, what did you do, what did you think. Anyone feeling an advice coming "
                    "up writes it down for later.",
                ),
                (
                    "De groepsleden vragen, de inbrenger antwoordt",
                    "The members ask, the case-bringer answers",
                ),
                NO_ADVICE,
                ("Vragen en de antwoorden", "Questions and the answers"),
            ),
            _phase(
                "analysis",
                10,
                ("Analyse", "Analysis"),
                (
                    "De inbrenger stapt terug. De groep analyseert: wat is hier eigenlijk aan de "
                    "hand, welke patronen en belangen zie je?",
                    "The case-bringer steps back. The group analyses: what is really going on "
                    "here, which patterns and interests do you see?",
                ),
                MEMBERS,
                ("Analyseren, nog geen advies", "Analyse, no advice yet"),
                ("Kern van de analyse", "The core of the analysis"),
            ),
            _phase(
                "advice",
                10,
                ("Adviesronde", "Advice round"),
                (
                    "Ieder geeft om de beurt één advies: 'Als ik jou was, zou ik …'. De "
                    "inbrenger luistert alleen en schrijft mee.",
                    "Each member in turn gives one piece of advice: 'If I were you, I would …'. "
                    "The case-bringer only listens and takes notes.",
                ),
                MEMBERS,
                (
                    "Advies geven; de inbrenger reageert niet",
                    "Give advice; the case-bringer does not respond",
                ),
                ("De adviezen (door de inbrenger)", "The advice (by the case-bringer)"),
            ),
            _phase(
                "evaluation",
                10,
                ("Evaluatie en vervolgafspraak", "Evaluation and follow-up agreement"),
                (
                    "De inbrenger zegt wat hij of zij met de adviezen doet. Evalueer de sessie en "
                    "leg de vervolgactie vast voor de volgende keer.",
                    "The case-bringer says what they will do with the advice. Evaluate the "
                    "session and record the follow-up action for next time.",
                ),
                ("Eerst de inbrenger, dan iedereen", "First the case-bringer, then everyone"),
                ("Reageren en evalueren", "Respond and evaluate"),
                ("Vervolgactie met eigenaar en datum", "Follow-up action with owner and date"),
            ),
        ],
    },
    {
        "key": "balint",
        "order": 40,
        "for_pairs": False,
        "for_groups": True,
        "name": ("Balintmethode", "Balint method"),
        "description": (
            "Elf stappen, één tot twee uur, voor een groep van minstens vijf mensen die elkaar "
            "vertrouwen. Veel aandacht voor eerste associaties en geschreven adviezen.",
            "Eleven steps, one to two hours, for a group of at least five people who trust each "
            "other. Much attention to first associations and written advice.",
        ),
        "phases": [
            _phase(
                "case",
                5,
                ("Casussen verzamelen", "Collect cases"),
                ("Wie heeft een casus?", "Who has a case?"),
                ("Wie een casus heeft", "Whoever has a case"),
                ("Alleen melden", "Only announce"),
                ("De namen van de casussen", "The names of the cases"),
            ),
            _phase(
                "case",
                5,
                ("Casussen pitchen", "Pitch the cases"),
                (
                    "Elke inbrenger beschrijft de casus in hooguit drie zinnen.",
                    "Each case-bringer describes the case in at most three sentences.",
                ),
                ("De inbrengers", "The case-bringers"),
                ("Hooguit drie zinnen", "At most three sentences"),
                ("Een kernzin per casus", "One key sentence per case"),
            ),
            _phase(
                "case",
                10,
                ("Casus kiezen", "Choose a case"),
                ("De groep kiest één casus.", "The group chooses one case."),
                EVERYONE,
                ("Kiezen", "Choose"),
                ("De gekozen casus", "The chosen case"),
            ),
            _phase(
                "case",
                5,
                ("Procesbegeleider aanwijzen", "Appoint a process leader"),
                (
                    "Wijs iemand aan die het proces bewaakt en de tijd in de gaten houdt.",
                    "Appoint someone who guards the process and keeps an eye on the time.",
                ),
                EVERYONE,
                ("Aanwijzen", "Appoint"),
                ("Wie het proces leidt", "Who leads the process"),
            ),
            _phase(
                "case",
                10,
                ("Volledige casusbeschrijving", "Full case description"),
                (
                    "De inbrenger vertelt de casus volledig; de groep luistert.",
                    "The case-bringer tells the full case; the group listens.",
                ),
                CASE_BRINGER,
                ("Luisteren, niet onderbreken", "Listen, do not interrupt"),
                ("Opvallende punten", "Striking points"),
            ),
            _phase(
                "reflection",
                5,
                ("Eerste associaties", "First associations"),
                (
                    "Ieder schrijft in stilte de eerste associaties en gevoelens op.",
                    "Everyone silently writes down first associations and feelings.",
                ),
                ("Niemand: in stilte schrijven", "Nobody: write in silence"),
                ("Alleen schrijven", "Only write"),
                ("Eigen associaties", "Your own associations"),
            ),
            _phase(
                "questions",
                15,
                ("Verhelderende vragen", "Clarifying questions"),
                (
                    "De groep stelt verhelderende vragen; de inbrenger antwoordt.",
                    "The group asks clarifying questions; the case-bringer answers.",
                ),
                (
                    "De groepsleden vragen, de inbrenger antwoordt",
                    "The members ask, the case-bringer answers",
                ),
                NO_ADVICE,
                ("Vragen en antwoorden", "Questions and answers"),
            ),
            _phase(
                "advice",
                10,
                ("Individueel schriftelijk advies", "Individual written advice"),
                (
                    "Ieder schrijft voor zich een advies voor de inbrenger op.",
                    "Everyone writes down their own advice for the case-bringer.",
                ),
                ("Niemand: in stilte schrijven", "Nobody: write in silence"),
                ("Schriftelijk advies", "Written advice"),
                ("Eigen advies", "Your own advice"),
            ),
            _phase(
                "analysis",
                15,
                ("Groepsoordeel", "Group judgement"),
                (
                    "De groep bespreekt de adviezen en komt tot een gezamenlijk oordeel; de "
                    "inbrenger zwijgt.",
                    "The group discusses the advice and reaches a joint judgement; the "
                    "case-bringer stays silent.",
                ),
                MEMBERS,
                ("Bespreken; de inbrenger zwijgt", "Discuss; the case-bringer stays silent"),
                ("Het groepsoordeel", "The group judgement"),
            ),
            _phase(
                "action_plan",
                5,
                ("Besluit van de inbrenger", "Decision by the case-bringer"),
                (
                    "De inbrenger zegt wat hij of zij besluit te doen.",
                    "The case-bringer says what they decide to do.",
                ),
                CASE_BRINGER,
                ("Besluiten", "Decide"),
                ("Het besluit als actie", "The decision as an action"),
            ),
            _phase(
                "evaluation",
                10,
                ("Evaluatie", "Evaluation"),
                (
                    "Hoe verliep het proces? Wat nemen de anderen mee?",
                    "How did the process go? What do the others take away?",
                ),
                EVERYONE,
                ("Terugkijken", "Look back"),
                ("Lessen voor de volgende keer", "Lessons for next time"),
            ),
        ],
    },
    {
        "key": "roddel",
        "order": 50,
        "for_pairs": False,
        "for_groups": True,
        "name": ("Roddelmethode", "Gossip method"),
        "description": (
            "Vijf stappen. De inbrenger draait de groep de rug toe en luistert terwijl de groep in "
            "de derde persoon over de casus praat. Vraagt een veilige groep die elkaar kent.",
            "Five steps. The case-bringer turns their back to the group and listens while the "
            "group discusses the case in the third person. Needs a safe group that knows each "
            "other.",
        ),
        "phases": [
            _phase(
                "case",
                5,
                ("Korte introductie van de vraag", "Short introduction of the question"),
                (
                    "De inbrenger introduceert kort de situatie en de vraag.",
                    "The case-bringer briefly introduces the situation and the question.",
                ),
                CASE_BRINGER,
                ("Vertellen", "Tell"),
                ("De vraag van de inbrenger", "The case-bringer's question"),
            ),
            _phase(
                "questions",
                15,
                ("Open vragen", "Open questions"),
                (
                    "Ieder stelt ongeveer drie open vragen.",
                    "Each member asks about three open questions.",
                ),
                (
                    "De groepsleden vragen, de inbrenger antwoordt",
                    "The members ask, the case-bringer answers",
                ),
                NO_ADVICE,
                ("Vragen en antwoorden", "Questions and answers"),
            ),
            _phase(
                "analysis",
                20,
                ("Roddelronde", "Gossip round"),
                (
                    "De inbrenger draait zich om en maakt aantekeningen. De groep praat in de "
                    "derde persoon over oorzaken en oplossingen: 'Zou zij niet …?'",
                    "The case-bringer turns around and takes notes. The group talks in the "
                    "third person about causes and solutions: 'Couldn't she …?'",
                ),
                (
                    "De groepsleden; de inbrenger luistert met de rug naar de groep",
                    "The members; the case-bringer listens with their back to the group",
                ),
                (
                    "Praten over, niet tegen de inbrenger",
                    "Talk about, not to, the case-bringer",
                ),
                ("Aantekeningen van de inbrenger", "The case-bringer's notes"),
            ),
            _phase(
                "reflection",
                10,
                ("Reactie van de inbrenger", "The case-bringer reacts"),
                (
                    "De inbrenger draait terug en vertelt wat raakte en wat bruikbaar is.",
                    "The case-bringer turns back and says what struck them and what is useful.",
                ),
                CASE_BRINGER,
                ("Reageren; de groep luistert", "React; the group listens"),
                ("Bruikbare ideeën als actie", "Useful ideas as actions"),
            ),
            _phase(
                "evaluation",
                10,
                ("Evaluatie", "Evaluation"),
                ("Hoe was het om zo te werken?", "How was it to work this way?"),
                EVERYONE,
                ("Terugkijken", "Look back"),
                ("Lessen voor de volgende keer", "Lessons for next time"),
            ),
        ],
    },
    {
        "key": "socratic",
        "order": 60,
        "for_pairs": False,
        "for_groups": True,
        "name": ("Socratisch gesprek", "Socratic dialogue"),
        "description": (
            "Een onderzoekend gesprek (Nelson, Kessels) over één concreet voorbeeld uit de "
            "ervaring, tot op de onderliggende waarden.",
            "An inquiring conversation (Nelson, Kessels) about one concrete example from "
            "experience, down to the underlying values.",
        ),
        "phases": [
            _phase(
                "case",
                10,
                ("Thema en startvraag", "Theme and starting question"),
                (
                    "Kies een thema en formuleer een algemene startvraag.",
                    "Choose a theme and state a general starting question.",
                ),
                FACILITATOR,
                ("Voorstellen en kiezen", "Propose and choose"),
                ("De startvraag", "The starting question"),
            ),
            _phase(
                "case",
                15,
                ("Voorbeelden uit de ervaring", "Examples from experience"),
                (
                    "Ieder noemt een concreet, zelf meegemaakt voorbeeld; kies er één.",
                    "Everyone names a concrete example they lived through; pick one.",
                ),
                EVERYONE,
                FREE,
                ("Het gekozen voorbeeld", "The chosen example"),
            ),
            _phase(
                "questions",
                15,
                ("Het voorbeeld verhelderen", "Clarify the example"),
                (
                    "Vraag het voorbeeld helder tot iedereen het zich kan voorstellen.",
                    "Ask about the example until everyone can picture it.",
                ),
                (
                    "De groepsleden vragen, de inbrenger antwoordt",
                    "The members ask, the case-bringer answers",
                ),
                NO_ADVICE,
                ("Feiten van het voorbeeld", "Facts of the example"),
            ),
            _phase(
                "analysis",
                10,
                ("Kernuitspraak", "Core statement"),
                (
                    "Bepaal het cruciale moment: 'Toen deed/dacht/voelde ik … omdat …'.",
                    "Find the crucial moment: 'Then I did/thought/felt … because …'.",
                ),
                CASE_BRINGER,
                ("Formuleren", "Formulate"),
                ("De kernuitspraak", "The core statement"),
            ),
            _phase(
                "analysis",
                10,
                ("Rechtvaardiging", "Justification"),
                (
                    "Op grond waarvan was dat juist? Zoek de redenen.",
                    "On what grounds was that right? Look for the reasons.",
                ),
                ("De inbrenger, bevraagd door de groep", "The case-bringer, asked by the group"),
                NO_ADVICE,
                ("De redenen", "The reasons"),
            ),
            _phase(
                "reflection",
                10,
                ("Ieders eigen kernuitspraak", "Everyone's own core statement"),
                (
                    "Ieder formuleert een eigen kernuitspraak, alsof het het eigen voorbeeld was.",
                    "Everyone formulates their own core statement as if it were their example.",
                ),
                EVERYONE,
                ("Schrijven en voorlezen", "Write and read out"),
                ("Ieders kernuitspraak", "Everyone's core statement"),
            ),
            _phase(
                "analysis",
                20,
                ("Gezamenlijk onderzoek", "Joint examination"),
                (
                    "Vergelijk de uitspraken: waar zit het verschil, wat delen we?",
                    "Compare the statements: where is the difference, what do we share?",
                ),
                EVERYONE,
                ("Onderzoeken, niet overtuigen", "Examine, do not persuade"),
                ("Verschillen en overeenkomsten", "Differences and common ground"),
            ),
            _phase(
                "analysis",
                15,
                ("Waarden en consensus", "Values and consensus"),
                (
                    "Welke waarden liggen eronder? Waar is de groep het over eens?",
                    "Which values lie underneath? What does the group agree on?",
                ),
                EVERYONE,
                FREE,
                ("De gedeelde waarden", "The shared values"),
            ),
            _phase(
                "evaluation",
                10,
                ("Evaluatie", "Evaluation"),
                (
                    "Wat heeft het gesprek opgeleverd, wat neem je mee?",
                    "What did the dialogue yield, what do you take away?",
                ),
                EVERYONE,
                ("Terugkijken", "Look back"),
                ("Lessen en acties", "Lessons and actions"),
            ),
        ],
    },
    {
        "key": "five-step",
        "order": 70,
        "for_pairs": False,
        "for_groups": True,
        "name": ("Vijfstappenmethode (basismethode)", "Five-step basic method"),
        "description": (
            "De basismethode in vijf stappen: probleeminventarisatie, analyse, bewustwording en "
            "herformuleren van de vraag, advies, evaluatie.",
            "The basic method in five steps: problem inventory, analysis, awareness and "
            "reformulating the question, advice, evaluation.",
        ),
        "phases": [
            _phase(
                "case",
                5,
                ("Probleeminventarisatie", "Problem inventory"),
                (
                    "Welke problemen spelen er? Kies er één en laat de inbrenger de vraag "
                    "formuleren.",
                    "Which problems are there? Choose one and let the case-bringer state the "
                    "question.",
                ),
                EVERYONE,
                ("Inventariseren en kiezen", "Take stock and choose"),
                ("Het gekozen probleem en de vraag", "The chosen problem and the question"),
            ),
            _phase(
                "questions",
                20,
                ("Analyse", "Analysis"),
                (
                    "Breng het probleem in kaart met open vragen: feiten, gevoelens, "
                    "betrokkenen, wat al geprobeerd is.",
                    "Map the problem with open questions: facts, feelings, people involved, "
                    "what has been tried.",
                ),
                (
                    "De groepsleden vragen, de inbrenger antwoordt",
                    "The members ask, the case-bringer answers",
                ),
                NO_ADVICE,
                ("Vragen en antwoorden", "Questions and answers"),
            ),
            _phase(
                "reflection",
                15,
                (
                    "Bewustwording en herformuleren van de vraag",
                    "Awareness and reformulating the question",
                ),
                (
                    "Wat is de inbrenger gaan zien? De inbrenger herformuleert de vraag.",
                    "What has the case-bringer come to see? The case-bringer restates the "
                    "question.",
                ),
                CASE_BRINGER,
                ("Reflecteren", "Reflect"),
                ("De nieuwe vraag", "The new question"),
            ),
            _phase(
                "advice",
                15,
                ("Advies", "Advice"),
                (
                    "Adviezen op de nieuwe vraag; de inbrenger luistert en kiest.",
                    "Advice on the new question; the case-bringer listens and chooses.",
                ),
                MEMBERS,
                ("Advies geven", "Give advice"),
                ("Gekozen adviezen als actie", "Chosen advice as actions"),
            ),
            _phase(
                "evaluation",
                10,
                ("Evaluatie", "Evaluation"),
                (
                    "Wat heeft de inbrenger eraan gehad, wat de anderen?",
                    "What did the case-bringer gain, and the others?",
                ),
                EVERYONE,
                ("Terugkijken", "Look back"),
                ("Vervolgafspraak", "Follow-up agreement"),
            ),
        ],
    },
    {
        "key": "problem-solving",
        "order": 80,
        "for_pairs": True,
        "for_groups": True,
        "name": ("Probleemoplossende methode", "Problem-solving method"),
        "description": (
            "Vragen over de situatie, diagnose, advies, reactie van de inbrenger; nog eens als "
            "het vastzit.",
            "Questions about the situation, diagnosis, advice, the case-bringer reacts; loop "
            "again if still stuck.",
        ),
        "phases": [
            _phase(
                "questions",
                15,
                ("Vragen over de situatie", "Questions about the situation"),
                (
                    "Stel vragen tot de situatie helder is.",
                    "Ask questions until the situation is clear.",
                ),
                (
                    "De groepsleden vragen, de inbrenger antwoordt",
                    "The members ask, the case-bringer answers",
                ),
                NO_ADVICE,
                ("Vragen en antwoorden", "Questions and answers"),
            ),
            _phase(
                "analysis",
                15,
                ("Diagnose", "Diagnosis"),
                (
                    "Wat is het eigenlijke probleem? Formuleer samen een diagnose.",
                    "What is the real problem? Formulate a diagnosis together.",
                ),
                MEMBERS,
                ("Analyseren, nog geen advies", "Analyse, no advice yet"),
                ("De diagnose", "The diagnosis"),
            ),
            _phase(
                "advice",
                15,
                ("Advies", "Advice"),
                (
                    "Concrete adviezen bij de diagnose.",
                    "Concrete advice that fits the diagnosis.",
                ),
                MEMBERS,
                ("Advies geven", "Give advice"),
                ("De adviezen", "The advice"),
            ),
            _phase(
                "evaluation",
                15,
                ("Reactie van de inbrenger", "The case-bringer reacts"),
                (
                    "De inbrenger reageert. Zit het nog vast? Ga dan terug naar de vragen.",
                    "The case-bringer reacts. Still stuck? Then go back to the questions.",
                ),
                CASE_BRINGER,
                ("Reageren", "React"),
                ("Wat de inbrenger gaat doen", "What the case-bringer will do"),
            ),
        ],
    },
]

ACTIVITIES: list[dict] = [
    {
        "key": "goal-setting",
        "kind": "goal_setting",
        "order": 10,
        "minutes": 20,
        "name": ("Doelen stellen", "Goal-setting exercise"),
        "description": (
            "Help elkaar van 'ik wil beter worden' naar een specifiek, meetbaar doel.",
            "Help each other go from 'I want to get better' to a specific, measurable goal.",
        ),
        "prompts": [
            (
                "Wat is één ding waar je deze maand beter in wilt worden?",
                "What is one thing you want to get better at this month?",
            ),
            (
                "Hoe ziet het eruit als het goed gaat? Maak het specifiek.",
                "What does it look like when it goes well? Make it specific.",
            ),
            ("Waaraan merk je dat je vooruitgaat?", "How will you notice progress?"),
            ("Wat is je eerste stap deze week?", "What is your first step this week?"),
            (
                "Wanneer komen we erop terug, en wat kan ik doen om je te steunen?",
                "When do we come back to it, and what can I do to support you?",
            ),
        ],
        "result": (
            "Eén specifiek, meetbaar doel met een eerste stap",
            "One specific, measurable goal with a first step",
        ),
    },
    {
        "key": "reflection-prompts",
        "kind": "reflection",
        "order": 20,
        "minutes": 15,
        "name": ("Reflectievragen", "Reflection prompts"),
        "description": (
            "Gespreksstarters om na een vergadering of project stil te staan en terug te kijken.",
            "Conversation starters to pause and look back after a meeting or project.",
        ),
        "prompts": [
            ("Wat ging er echt goed?", "What went really well?"),
            (
                "Wat zou je de volgende keer anders proberen?",
                "What would you try differently next time?",
            ),
            (
                "Wat viel je op aan hoe anderen reageerden?",
                "What did you notice about how others reacted?",
            ),
            (
                "Als je één ding anders zou kunnen doen, wat zou dat zijn?",
                "If you could do one thing differently, what would it be?",
            ),
        ],
        "result": (
            "Een persoonlijke notitie in je eigen dagboek",
            "A private entry in your own journal",
        ),
    },
    {
        "key": "observation-feedback",
        "kind": "observation",
        "order": 30,
        "minutes": 30,
        "name": ("Observatie en feedback", "Observation and feedback"),
        "description": (
            "Eén persoon is in actie (een presentatie, een les, een vergadering), de ander "
            "observeert met notities met tijdstip en geeft daarna gebalanceerde feedback.",
            "One person acts (a presentation, a lesson, a meeting), the other observes with "
            "time-stamped notes and then gives balanced feedback.",
        ),
        "prompts": [
            (
                "Spreek vooraf af waar de observator op let.",
                "Agree beforehand what the observer looks for.",
            ),
            (
                "Observeer en noteer wat je ziet en hoort, met het tijdstip.",
                "Observe and note what you see and hear, with the time.",
            ),
            (
                "Begin met sterke punten: 'Dit deed je echt goed …'.",
                "Start with strengths: 'This is what you did really well …'.",
            ),
            (
                "Voeg één of twee groeikansen toe: 'Wat je de volgende keer zou kunnen proberen "
                "is …'.",
                "Add one or two growth opportunities: 'What you could try next time is …'.",
            ),
            (
                "De ander reageert: wat neem je mee?",
                "The other responds: what do you take away?",
            ),
        ],
        "result": (
            "Notities met tijdstip en gebalanceerde feedback",
            "Time-stamped notes and balanced feedback",
        ),
    },
    {
        "key": "role-play",
        "kind": "role_play",
        "order": 40,
        "minutes": 30,
        "name": ("Rollenspel", "Role play"),
        "description": (
            "Oefen een lastige situatie in een veilige ruimte: speel, wissel van rol, bespreek na.",
            "Rehearse a difficult situation in a safe space: play, swap roles, debrief.",
        ),
        "prompts": [
            (
                "Kies een scenario en lees ieder je eigen rolbeschrijving.",
                "Choose a scenario and each read your own role brief.",
            ),
            (
                "Speel de situatie vijf tot tien minuten.",
                "Play the situation for five to ten minutes.",
            ),
            ("Wissel van rol en speel nog eens.", "Swap roles and play again."),
            (
                "Bespreek na: wat werkte, wat probeer je in het echt?",
                "Debrief: what worked, what will you try for real?",
            ),
        ],
        "result": (
            "Een aanpak die je in het echt gaat proberen",
            "An approach you will try for real",
        ),
        "scenarios": [
            {
                "title": (
                    "Lastige feedback geven aan een collega",
                    "Giving difficult feedback to a colleague",
                ),
                "situation": (
                    "Een collega levert zijn deel van een gezamenlijk rapport steeds te laat "
                    "aan. Je wilt dat bespreken zonder de samenwerking te schaden.",
                    "A colleague keeps delivering their part of a joint report late. You want "
                    "to raise it without harming the collaboration.",
                ),
                "role_a": ("Feedbackgever", "Feedback giver"),
                "brief_a": (
                    "Beschrijf concreet wat je zag en wat het gevolg was, vraag naar de "
                    "oorzaak en maak samen een afspraak.",
                    "Describe concretely what you saw and its effect, ask about the cause and "
                    "agree on something together.",
                ),
                "role_b": ("Collega", "Colleague"),
                "brief_b": (
                    "Je hebt het erg druk en voelt je snel aangevallen. Je wilt het wel goed "
                    "doen, maar weet niet hoe je nee zegt tegen ander werk.",
                    "You are very busy and quickly feel attacked. You do want to do it well, "
                    "but don't know how to say no to other work.",
                ),
            },
            {
                "title": ("Een uitdagend klantgesprek", "A challenging client call"),
                "situation": (
                    "Een klant belt boos omdat een levering opnieuw is vertraagd en dreigt op te "
                    "zeggen.",
                    "A client calls angrily because a delivery is delayed again and threatens "
                    "to cancel.",
                ),
                "role_a": ("Medewerker", "Employee"),
                "brief_a": (
                    "Luister eerst, erken de frustratie, vat samen en bied een concrete "
                    "volgende stap.",
                    "Listen first, acknowledge the frustration, summarise and offer a concrete "
                    "next step.",
                ),
                "role_b": ("Klant", "Client"),
                "brief_b": (
                    "Je bent al twee keer teleurgesteld. Je wilt serieus genomen worden en een "
                    "datum horen waar je op kunt rekenen.",
                    "You have been let down twice. You want to be taken seriously and hear a "
                    "date you can rely on.",
                ),
            },
            {
                "title": ("Vragen na een presentatie", "Questions after a presentation"),
                "situation": (
                    "Je oefent de vragenronde na een belangrijke presentatie voor de directie.",
                    "You rehearse the question round after an important presentation to the board.",
                ),
                "role_a": ("Presentator", "Presenter"),
                "brief_a": (
                    "Beantwoord rustig en kort; zeg het eerlijk als je iets niet weet en beloof "
                    "erop terug te komen.",
                    "Answer calmly and briefly; say honestly when you don't know and promise to "
                    "come back to it.",
                ),
                "role_b": ("Kritisch directielid", "Critical board member"),
                "brief_b": (
                    "Stel scherpe vragen over de kosten en de planning en onderbreek af en toe.",
                    "Ask sharp questions about cost and planning and interrupt now and then.",
                ),
            },
        ],
    },
    {
        "key": "cross-training",
        "kind": "cross_training",
        "order": 50,
        "minutes": 45,
        "name": ("Cross-training", "Cross-training exchange"),
        "description": (
            "Twee collega's van verschillende afdelingen leren elkaar ieder één vaardigheid.",
            "Two colleagues from different departments each teach the other one skill.",
        ),
        "prompts": [
            (
                "Noem ieder één vaardigheid die je kunt leren en één die je wilt leren.",
                "Each name one skill you can teach and one you want to learn.",
            ),
            (
                "Plan wanneer je elkaar meeneemt of laat meekijken.",
                "Plan when you take each other along or let the other shadow you.",
            ),
            (
                "Leer en kijk mee; stel vragen terwijl je bezig bent.",
                "Teach and shadow; ask questions while you work.",
            ),
            (
                "Reflecteer samen: wat kun je nu, wat begrijp je beter van elkaars werk?",
                "Reflect together: what can you do now, what do you understand better about "
                "each other's work?",
            ),
        ],
        "result": (
            "Twee geleerde vaardigheden en een afspraak om te oefenen",
            "Two skills learned and an agreement to practise",
        ),
    },
]


def _split(fields: dict, names: list[str]) -> dict:
    values = {}
    for name in names:
        values[f"{name}_nl"], values[f"{name}_en"] = fields[name]
    return values


def load(method_model, phase_model, activity_model, scenario_model) -> None:
    """Create or update the shared library (organisation empty) from the data above.

    Loading again overwrites admins' edits of shipped entries; their own additions stay.
    """
    for data in METHODS:
        method, _ = method_model.objects.update_or_create(
            organisation=None,
            key=data["key"],
            defaults={
                "order": data["order"],
                "is_for_pairs": data["for_pairs"],
                "is_for_groups": data["for_groups"],
                **_split(data, ["name", "description"]),
            },
        )
        # Update phases in place (by order) so contributions keep pointing at their phase.
        for order, phase in enumerate(data["phases"], start=1):
            phase_model.objects.update_or_create(
                method=method,
                order=order,
                defaults={
                    "kind": phase["kind"],
                    "minutes": phase["minutes"],
                    **_split(phase, ["name", "guidance", "who_speaks", "allowed", "write_down"]),
                },
            )
        method.phases.filter(order__gt=len(data["phases"])).delete()
    for data in ACTIVITIES:
        activity, _ = activity_model.objects.update_or_create(
            organisation=None,
            key=data["key"],
            defaults={
                "kind": data["kind"],
                "order": data["order"],
                "minutes": data["minutes"],
                "prompts_nl": [nl for nl, _ in data["prompts"]],
                "prompts_en": [en for _, en in data["prompts"]],
                **_split(data, ["name", "description", "result"]),
            },
        )
        activity.scenarios.all().delete()
        scenario_model.objects.bulk_create(
            scenario_model(
                activity=activity,
                order=order,
                **_split(
                    scenario, ["title", "situation", "role_a", "brief_a", "role_b", "brief_b"]
                ),
            )
            for order, scenario in enumerate(data.get("scenarios", []), start=1)
        )
