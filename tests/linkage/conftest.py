import pytest

from joinedup.accounts.roles import Role
from tests.conftest import make_user

HEADER = "source,source_id,first_name,last_name,date_of_birth,sex,postcode,nhs_number\n"

#: A small population with the noise the linker must see through: each person has records at
#: several agencies, under a nickname, swapped names, a swapped day and month, NFA.
PEOPLE = [
    ("Michael", "Walsh", "1984-03-07", "M", "RV1 2AB", "9434765919"),
    ("Sarah", "Okafor-Lewis", "1990-11-21", "F", "RV2 3CD", ""),
    ("David", "Price", "1979-05-02", "M", "RV3 4EF", ""),
    ("Joanne", "Hughes", "1988-08-30", "F", "RV4 5GH", ""),
    ("Kevin", "Marsh", "1975-12-14", "M", "RV5 6JK", ""),
    ("Aisha", "Begum", "1995-02-17", "F", "RV6 7LM", ""),
    ("Gary", "Fletcher", "1969-06-25", "M", "RV7 8NP", ""),
    ("Lisa", "Donovan", "1982-09-11", "F", "RV8 9QR", ""),
    ("Paul", "Kowalski", "1991-04-19", "M", "RV9 1ST", ""),
    ("Emma", "Tranter", "1986-10-03", "F", "RV1 4UV", ""),
]


def extracts():
    """Three agencies' files (as text) with the same people, noisily."""
    housing, police, health = [HEADER], [HEADER], [HEADER]
    for i, (first, last, dob, sex, postcode, nhs) in enumerate(PEOPLE):
        housing.append(f"housing,H{i},{first},{last},{dob},{sex},{postcode},\n")
        y, m, d = dob.split("-")
        police_first = "Mike" if first == "Michael" else first
        police_last = last.split("-")[0]
        police.append(f"police,P{i},{police_first},{police_last},{d}/{m}/{y},{sex},NFA,\n")
        swapped = f"{y}-{d}-{m}" if int(d) <= 12 else dob  # day and month swapped, when valid
        health.append(f"health,G{i},{last},{first},{swapped},{sex},{postcode},{nhs}\n")
    return "".join(housing), "".join(police), "".join(health)


@pytest.fixture
def analyst(owner_org):
    return make_user("grace@example.org", owner_org, Role.ANALYST)


FIRST = [
    "Adam",
    "Aisha",
    "Alan",
    "Amir",
    "Anna",
    "Ben",
    "Carla",
    "Chen",
    "Chloe",
    "Dana",
    "Dev",
    "Eli",
    "Emma",
    "Ewa",
    "Faisal",
    "Fern",
    "Gita",
    "Hana",
    "Ian",
    "Ida",
    "Jack",
    "Jade",
    "Kai",
    "Kofi",
    "Lena",
    "Liam",
    "Lola",
    "Marek",
    "Maya",
    "Nadia",
    "Noor",
    "Omar",
    "Orla",
    "Pia",
    "Raj",
    "Rosa",
    "Sam",
    "Sara",
    "Tom",
    "Una",
    "Vera",
    "Wiktor",
    "Yara",
    "Zane",
    "Zofia",
]
LAST = [
    "Abbott",
    "Baxter",
    "Chowdhury",
    "Dunmore",
    "Ellery",
    "Fenwick",
    "Garside",
    "Hallam",
    "Ingram",
    "Jowett",
    "Kaur",
    "Lomax",
    "Mensah",
    "Nolan",
    "Oduya",
    "Pickard",
    "Quirke",
    "Rowntree",
    "Saeed",
    "Tolan",
    "Umeh",
    "Varga",
    "Whitlock",
    "Yilmaz",
    "Zielinski",
]


def population(people: int, seed: int = 7) -> list[tuple]:
    """A plain background population (records in three agencies, a little noise), for tests
    that need the model to have something to learn from. Rows follow the contract."""
    import random
    from datetime import date, timedelta

    rng = random.Random(seed)
    rows = []
    for i in range(people):
        first, last = rng.choice(FIRST), rng.choice(LAST) + rng.choice(["", "s", "ley", "ton"])
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50))
        sex = rng.choice("MF")
        home = (
            f"RV{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFG')}{rng.choice('HJLNP')}"
        )
        for agency in rng.sample(["housing", "police", "health"], rng.randint(1, 3)):
            name = first if rng.random() > 0.05 else first[:-1] + "e"
            dob = born.isoformat() if rng.random() > 0.05 else ""
            rows.append((agency, f"B{i}-{agency}", name, last, dob, sex, home, ""))
    return rows
