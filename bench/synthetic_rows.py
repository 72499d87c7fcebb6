"""Realistic native-CSV rows for benchmarks, used when memreg.ingest.demo is not available.

Rows look like a war-dead list: Cyrillic names with male/female forms, partial dates in the
shapes real lists use (`1912`, `1943-07-14`, `1943-07`, `1920?`, `1941/1945`), ranks, fates,
and a memorial link. Reproducible from the seed; person rows are streamed, never held.
"""

from __future__ import annotations

import random
from collections.abc import Iterator


def _words(text: str) -> list[str]:
    return text.split()


SURNAMES = _words(
    "Иванов Петров Сидоров Смирнов Кузнецов Попов Васильев Соколов Михайлов Новиков Фёдоров "
    "Морозов Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов "
    "Андреев Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов "
    "Воробьёв Сергеев Кузьмин Фролов Александров Дмитриев Королёв Гусев Киселёв Ильин "
    "Максимов Поляков Сорокин Виноградов Ковалёв Белов Медведев Антонов Тарасов Жуков "
    "Баранов Филиппов Комаров Давыдов Беляев Герасимов Богданов Осипов Сидоренко Ковальчук "
    "Бондаренко Шевченко Коваленко Ткаченко Кравченко Олейник Мельник Шевчук Поляков "
    "Лукашевич Климович Козловский Новик Жук Ковалевский Савицкий Гончаров Абрамов Титов"
)
MALE_NAMES = _words(
    "Иван Пётр Николай Алексей Михаил Василий Фёдор Сергей Андрей Дмитрий Григорий Степан "
    "Александр Владимир Павел Яков Егор Тимофей Семён Илья Матвей Борис Константин Леонид "
    "Виктор Анатолий Георгий Кузьма Трофим Захар Прохор Филипп Роман Макар Антон Архип"
)
FEMALE_NAMES = _words(
    "Мария Анна Екатерина Евдокия Александра Татьяна Ольга Надежда Вера Прасковья Нина "
    "Зинаида Антонина Клавдия Валентина Лидия Ксения Пелагея Агафья Евгения"
)
RANKS = (
    ("рядовой", 40), ("красноармеец", 15), ("ефрейтор", 6), ("младший сержант", 6),
    ("сержант", 6), ("старший сержант", 4), ("старшина", 2), ("младший лейтенант", 4),
    ("лейтенант", 4), ("старший лейтенант", 3), ("капитан", 2), ("майор", 1), ("", 7),
)  # fmt: skip
FATES = (
    ("killed_in_action", 55), ("died_of_wounds", 15), ("missing", 10), ("died_in_captivity", 4),
    ("died_of_disease", 2), ("civilian_victim", 3), ("partisan", 3), ("", 8),
)  # fmt: skip
ROLES = (("buried_at", 80), ("commemorated_at", 12), ("reburied_to", 3), ("", 5))
KINDS = ("mass_grave", "war_cemetery", "individual_grave", "obelisk", "memorial_complex")
SETTLEMENTS = _words(
    "Минск Брест Гомель Гродно Могилёв Витебск Борисов Орша Полоцк Бобруйск Смоленск Вязьма "
    "Ржев Курск Орёл Брянск Тула Калуга Торопец Псков Новгород Демянск Кириши"
)
PERSON_HEADER = [
    "id", "surname", "given_name", "patronymic", "birth_date", "death_date", "rank", "fate",
    "memorial_id", "role",
]  # fmt: skip
MEMORIAL_HEADER = ["id", "kind", "name", "lat", "lon", "country", "settlement", "status"]


def _weighted(choices: tuple[tuple[str, int], ...]) -> tuple[list[str], list[int]]:
    return [c for c, _ in choices], [w for _, w in choices]


def _patronymic(father: str, female: bool) -> str:
    stem = father[:-1] if father[-1] in "йь" else father
    if father.endswith(("й", "ь")):
        return stem + ("евна" if female else "евич")
    if father.endswith("а"):
        return stem[:-1] + ("ична" if female else "ич")
    return stem + ("овна" if female else "ович")


def _female_surname(surname: str) -> str:
    return surname + "а" if surname.endswith(("ов", "ев", "ёв", "ин")) else surname


def _date(rng: random.Random, first: int, last: int) -> str:
    year = rng.randint(first, last)
    shape = rng.random()
    if shape < 0.45:
        return str(year)
    if shape < 0.80:
        return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if shape < 0.90:
        return f"{year}-{rng.randint(1, 12):02d}"
    if shape < 0.97:
        return f"{year}?"
    return f"{year}/{min(year + rng.randint(1, 4), 1945)}"


def memorial_rows(seed: int, count: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = []
    for number in range(1, count + 1):
        settlement = rng.choice(SETTLEMENTS)
        rows.append(
            {
                "id": f"M-BENCH-{number:06d}",
                "kind": rng.choice(KINDS),
                "name": f"Братская могила № {number}, {settlement}",
                "lat": f"{rng.uniform(51.3, 57.5):.6f}",
                "lon": f"{rng.uniform(23.2, 37.5):.6f}",
                "country": "BY" if rng.random() < 0.6 else "RU",
                "settlement": settlement,
                "status": "standing",
            }
        )
    return rows


def person_rows(seed: int, count: int, memorials: int) -> Iterator[dict[str, str]]:
    """`count` person rows; one in ten has no id so the import derives one from its content."""
    rng = random.Random(seed + 1)
    ranks, rank_weights = _weighted(RANKS)
    fates, fate_weights = _weighted(FATES)
    roles, role_weights = _weighted(ROLES)
    for number in range(1, count + 1):
        female = rng.random() < 0.06
        surname = rng.choice(SURNAMES)
        father = rng.choice(MALE_NAMES)
        has_birth = rng.random() < 0.85
        has_death = rng.random() < 0.9
        yield {
            "id": "" if rng.random() < 0.1 else f"P-BENCH-{number:07d}",
            "surname": _female_surname(surname) if female else surname,
            "given_name": rng.choice(FEMALE_NAMES if female else MALE_NAMES),
            "patronymic": _patronymic(father, female) if rng.random() < 0.9 else "",
            "birth_date": _date(rng, 1890, 1926) if has_birth else "",
            "death_date": _date(rng, 1941, 1945) if has_death else "",
            "rank": "" if female else rng.choices(ranks, rank_weights)[0],
            "fate": rng.choices(fates, fate_weights)[0],
            "memorial_id": f"M-BENCH-{rng.randint(1, memorials):06d}",
            "role": rng.choices(roles, role_weights)[0],
        }
