"""The path a lead can start from: six steps through a program, in Dutch and English.

Grounded in the practice the product started from (a Dutch article on peer coaching at work):
set a specific, measurable goal together; learn together from something read; an observation
session (rehearse a presentation while a peer observes and gives feedback that starts with what
worked); a role play of a hard conversation, then swap roles; a check-in on progress ("what
progress have you made since our last conversation?"); and reflection prompts at the end.

Plain data: every text is a pair (Dutch, English). Weeks are on an eight-week arc and are
spread over the program's real length by `scaled_week`. Activities are the shipped library's,
found by key.
"""

from __future__ import annotations

ARC_WEEKS = 8

STEPS: list[dict] = [
    {
        "week": 1,
        "kind": "goal",
        "activity": "goal-setting",
        "title": ("Stel je doel", "Set your goal"),
        "description": (
            "Kies één ding waar je in dit programma beter in wilt worden en maak het specifiek "
            "en meetbaar: niet 'ik wil beter worden' maar 'ik wil e-mails van klanten "
            "zelfverzekerder afhandelen'. Leg het vast als doel.",
            "Choose one thing you want to get better at during this program and make it "
            "specific and measurable: not 'I want to get better' but 'I want to handle client "
            "emails more confidently'. Write it down as a goal.",
        ),
    },
    {
        "week": 2,
        "kind": "reading",
        "activity": "",
        "title": ("Lees over actief luisteren", "Read about active listening"),
        "description": (
            "Lees iets over actief luisteren en over vragen stellen in plaats van advies geven, "
            "bijvoorbeeld uit de bibliotheek van je programma. Noteer één vraag die je in je "
            "volgende sessie wilt uitproberen.",
            "Read something about active listening and asking questions rather than giving "
            "advice, for example from your program's library. Note one question you want to try "
            "in your next session.",
        ),
    },
    {
        "week": 3,
        "kind": "activity",
        "activity": "observation-feedback",
        "title": (
            "Observatiesessie: oefen een presentatie met een observator",
            "Observation session: rehearse a presentation with an observer",
        ),
        "description": (
            "Oefen een presentatie, vergadering of gesprek terwijl een collega observeert en "
            "aantekeningen maakt. Daarna eerst wat goed werkte, dan één of twee dingen om de "
            "volgende keer te proberen.",
            "Rehearse a presentation, meeting or conversation while a colleague observes and "
            "takes notes. Afterwards, first what worked, then one or two things to try next time.",
        ),
    },
    {
        "week": 5,
        "kind": "activity",
        "activity": "role-play",
        "title": (
            "Rollenspel: een lastig gesprek, daarna rollen wisselen",
            "Role play a hard conversation, then swap roles",
        ),
        "description": (
            "Speel een situatie na die je wilt oefenen, zoals moeilijke feedback geven of een "
            "lastig telefoongesprek met een klant. De een speelt zichzelf, de ander de collega of "
            "klant; daarna wisselen jullie van rol.",
            "Play out a situation you want to practise, such as giving difficult feedback or a "
            "challenging call with a client. One plays themselves, the other the colleague or "
            "client; then swap roles.",
        ),
    },
    {
        "week": 6,
        "kind": "session",
        "activity": "",
        "title": ("Check-in op je doel", "Check in on your goal"),
        "description": (
            "Vraag elkaar in je sessie: welke vooruitgang heb je geboekt sinds ons laatste "
            "gesprek? Neem acties mee, sluit ze af of laat ze vallen, en vier wat gelukt is.",
            "In your session, ask each other: what progress have you made since our last "
            "conversation? Carry actions over, close them or drop them, and celebrate what worked.",
        ),
    },
    {
        "week": 8,
        "kind": "reflection",
        "activity": "reflection-prompts",
        "title": ("Reflecteer op je groei", "Reflect on your progress"),
        "description": (
            "Kijk terug: wat ging er echt goed? Wat zou je de volgende keer anders proberen? "
            "Wat neem je mee na dit programma?",
            "Look back: what went really well? What would you try differently next time? What "
            "do you take with you after this program?",
        ),
    },
]


def scaled_week(week: int, program_weeks: int) -> int:
    """Spread a week of the eight-week arc over a program of `program_weeks` weeks."""
    if program_weeks <= 1:
        return 1
    return 1 + round((week - 1) * (program_weeks - 1) / (ARC_WEEKS - 1))
