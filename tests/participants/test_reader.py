"""The participant file reader on clean and broken files, in both languages."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook

from peercoach.participants.reader import read_participants

pytestmark = pytest.mark.database_free

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "sample-participants.csv"

HEADER = "email,name,department,manager_email,languages,experience_years,role_preference,exclude"


def read(text: str, filename: str = "people.csv", **kwargs):
    return read_participants(text.encode("utf-8"), filename, **kwargs)


def codes(result) -> list[tuple[int | None, str | None, str]]:
    return [(p.row, p.column, p.code) for p in result.problems]


def test_it_reads_the_sample_file():
    result = read_participants(SAMPLE.read_bytes(), SAMPLE.name)
    assert result.ok, result.problems
    assert len(result.records) == 24
    assert result.ignored_columns == ()
    utku, fleur = result.records[:2]
    assert utku.row == 2
    assert utku.email == "utku.smit0@voorbeeld.nl"
    assert utku.languages == ("nl", "en")
    assert utku.skills_offered == ("Excel", "SQL")
    assert utku.experience_years == 25
    assert fleur.manager_email == utku.email
    assert result.records[6].name == "Chantal Yılmaz"
    assert result.records[6].role_preference == "coachee"


def test_it_reads_dutch_excel_semicolon_windows_1252():
    text = (
        "Naam;E-mail;Afdeling;Leidinggevende_email;Talen;Vaardigheden_aangeboden;Ervaring_jaren\r\n"
        "José Müller;jose@voorbeeld.nl;Inkoop & Logistiek;;nl,en;Excel,plannen|SQL;12\r\n"
        "Zoë Bakker;ZOE@voorbeeld.nl;Financiën;jose@voorbeeld.nl;;;\r\n"
    )
    for data in (text.encode("cp1252"), b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode()):
        result = read_participants(data, "export.csv")
        assert result.ok, result.problems
        jose, zoe = result.records
        assert jose.name == "José Müller"
        assert jose.languages == ("nl", "en")
        assert jose.skills_offered == ("Excel", "plannen", "SQL")
        assert zoe.email == "zoe@voorbeeld.nl"
        assert zoe.department == "Financiën"
        assert zoe.manager_email == "jose@voorbeeld.nl"
        assert zoe.languages == ("nl",)  # the default
        assert zoe.time_zone == "Europe/Amsterdam"


def test_it_reads_quoted_cells_with_delimiters_and_newlines():
    text = (
        "email,name,department,skills_wanted\n"
        'a@x.nl,"Smit, Anna","Sales\nNoord","presenting;feedback"\n'
        "b@x.nl,Bram,Finance,\n"
    )
    result = read(text)
    assert result.ok, result.problems
    anna, bram = result.records
    assert anna.name == "Smit, Anna"
    assert anna.department == "Sales\nNoord"
    assert anna.skills_wanted == ("presenting", "feedback")
    assert bram.row == 3


def test_it_reads_crlf_and_headers_in_any_case_order_and_spacing():
    text = " NAME ,Email , Shoe Size\r\nAnna,ANNA@x.nl,38\r\n\r\nBram,bram@x.nl,44\r\n"
    result = read(text)
    assert result.ok, result.problems
    assert [r.email for r in result.records] == ["anna@x.nl", "bram@x.nl"]
    assert [r.row for r in result.records] == [2, 4]
    assert result.ignored_columns == ("Shoe Size",)
    assert result.columns == ("email", "name")


def test_it_reads_the_first_sheet_of_an_xlsx(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["email", "name", "experience_years", "languages", "note"])
    sheet.append(["a@x.nl", "Anna", 5, "nl|en", "x"])
    sheet.append([None, None, None, None, None])
    sheet.append(["b@x.nl", "Bram", 7.0, "en", None])
    workbook.create_sheet("Other").append(["nothing", "here"])
    path = tmp_path / "people.xlsx"
    workbook.save(path)

    result = read_participants(path.read_bytes(), "people.xlsx")
    assert result.ok, result.problems
    assert [(r.row, r.email, r.experience_years) for r in result.records] == [
        (2, "a@x.nl", 5),
        (4, "b@x.nl", 7),
    ]
    assert result.records[0].languages == ("nl", "en")
    assert result.ignored_columns == ("note",)


def test_it_reports_every_kind_of_row_problem_with_row_and_column():
    text = "\n".join(
        [
            HEADER + ",time_zone",
            "anna@x.nl,Anna,Sales,,nl,3,coach,,Europe/Amsterdam",
            ",Empty,Sales,,nl,3,coach,,",
            "not-an-email,Bad,Sales,,nl,3,coach,,",
            "ANNA@x.nl,Anna again,Sales,,nl,3,coach,,",
            "self@x.nl,Self,Sales,self@x.nl,nl,3,coach,,",
            "lost@x.nl,Lost,Sales,nobody@x.nl,nl,3,coach,,",
            "a@x.nl,A,Sales,b@x.nl,nl,3,coach,,",
            "b@x.nl,B,Sales,a@x.nl,nl,3,coach,,",
            "c@x.nl,C,Sales,d@x.nl,nl,3,coach,,",
            "d@x.nl,D,Sales,e@x.nl,nl,3,coach,,",
            "e@x.nl,E,Sales,c@x.nl,nl,3,coach,,",
            "lang@x.nl,Lang,Sales,,nl|xx,3,coach,,",
            "tz@x.nl,Tz,Sales,,nl,3,coach,,Mars/Olympus",
            "exp@x.nl,Exp,Sales,,nl,veel,coach,,",
            "neg@x.nl,Neg,Sales,,nl,-2,coach,,",
            "role@x.nl,Role,Sales,,nl,3,boss,,",
            "excl@x.nl,Excl,Sales,,nl,3,coach,ghost@x.nl|anna@x.nl,",
            "noname@x.nl,,Sales,,nl,3,coach,,",
        ]
    )
    with translation.override("en"):
        result = read(text)
    assert not result.ok
    assert codes(result) == [
        (3, "email", "email_missing"),
        (4, "email", "email_invalid"),
        (5, "email", "email_duplicate"),
        (6, "manager_email", "own_manager"),
        (7, "manager_email", "manager_unknown"),
        (8, "manager_email", "reporting_loop"),
        (9, "manager_email", "reporting_loop"),
        (10, "manager_email", "reporting_loop"),
        (11, "manager_email", "reporting_loop"),
        (12, "manager_email", "reporting_loop"),
        (13, "languages", "language_unknown"),
        (14, "time_zone", "time_zone_unknown"),
        (15, "experience_years", "experience_invalid"),
        (16, "experience_years", "experience_invalid"),
        (17, "role_preference", "role_invalid"),
        (18, "exclude", "exclude_unknown"),
        (19, "name", "name_missing"),
    ]
    by_row = {p.row: p.message for p in result.problems}
    assert "row 2" in by_row[5]
    assert "c@x.nl → d@x.nl → e@x.nl → c@x.nl" in by_row[10]
    assert "ghost@x.nl" in by_row[18]
    # The parsed rows are still there, for a preview.
    assert len(result.records) == 18


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "“veel” is not a whole number of years from 0 to 100."),
        ("nl", "“veel” is geen heel aantal jaren van 0 tot en met 100."),
    ],
)
def test_it_reports_problems_in_the_users_language(language, expected):
    with translation.override(language):
        result = read("email,name,experience_years\na@x.nl,A,veel\n")
    assert [p.message for p in result.problems] == [expected]


def test_it_speaks_dutch_for_every_problem_kind():
    text = "\n".join(
        [
            HEADER + ",time_zone",
            ",Empty,S,,nl,3,coach,,",
            "x,Bad,S,,nl,3,coach,,",
            "a@x.nl,A,S,b@x.nl,xx,-1,boss,ghost@x.nl,Mars/Olympus",
            "b@x.nl,B,S,a@x.nl,nl,3,coach,,",
            "A@x.nl,,S,a@x.nl,nl,3,coach,,",
            "c@x.nl,C,S,zz@x.nl,nl,3,coach,,",
        ]
    )
    with translation.override("en"):
        english = read(text)
    with translation.override("nl"):
        dutch = read(text)
    assert codes(english) == codes(dutch)
    assert len({p.code for p in dutch.problems}) >= 11
    for en, nl in zip(english.problems, dutch.problems, strict=True):
        assert en.message != nl.message, en.message


def test_it_accepts_known_people_as_managers_and_exclusions():
    text = "email,name,manager_email,exclude\na@x.nl,A,Boss@X.nl,old@x.nl\n"
    assert not read(text).ok
    result = read(text, known_emails={"boss@x.nl", "old@x.nl"})
    assert result.ok, result.problems


def test_it_finds_a_loop_through_people_already_stored():
    text = "email,name,manager_email\na@x.nl,A,boss@x.nl\n"
    result = read(text, known_emails={"boss@x.nl": "a@x.nl"})
    assert codes(result) == [(2, "manager_email", "reporting_loop")]


def test_it_uses_the_defaults_and_normalises_values():
    text = (
        "email,name,languages,time_zone,role_preference\n"
        "a@x.nl,A,,,\nb@x.nl,B,NL-be|EN|en,europe/london,Beide\n"
    )
    a, b = read(text, default_language="en", default_time_zone="Asia/Tokyo").records
    assert (a.languages, a.time_zone, a.role_preference) == (("en",), "Asia/Tokyo", "both")
    assert (b.languages, b.time_zone, b.role_preference) == (("nl", "en"), "Europe/London", "both")


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "people.csv", "empty"),
        (b"  \r\n\n", "people.csv", "empty"),
        (b"email,name\r\n", "people.csv", "no_rows"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.csv", "not_spreadsheet"),
        (b"PK\x03\x04 this is a broken zip", "people.xlsx", "not_spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "people.xls", "old_excel"),
        (b"Dear HR,\nplease find attached.\n", "letter.txt", "no_header"),
        (b"email,department\na@x.nl,Sales\n", "people.csv", "missing_column"),
        (b"naam;afdeling\nAnna;Sales\n", "people.csv", "missing_column"),
    ],
)
def test_it_gives_one_clear_message_for_an_unusable_file(data, filename, code):
    for language in ("en", "nl"):
        with translation.override(language):
            result = read_participants(data, filename)
        assert len(result.problems) == 1
        assert result.problems[0].code == code
        assert result.problems[0].row is None
        assert result.records == ()


def test_it_says_which_required_column_is_missing():
    with translation.override("en"):
        result = read("email,afdeling\na@x.nl,Sales\n")
    assert result.problems[0].column == "name"
    assert "“name”" in result.problems[0].message


def test_it_reads_an_xlsx_that_is_really_a_csv_by_its_content(tmp_path):
    # The content decides, not the name: a CSV saved as .xlsx still reads.
    result = read("email,name\na@x.nl,A\n", filename="people.xlsx")
    assert result.ok


def test_it_rejects_a_zip_that_is_no_workbook():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    result = read_participants(buffer.getvalue(), "people.xlsx")
    assert [p.code for p in result.problems] == ["not_spreadsheet"]
