"""A deterministic register for the search quality tests: the hand-written targets, their
distractors, and a background of 100,000 persons as Soviet lists write them.

Distractors are made for every target so that a query must tell the target apart: namesakes
(same surname and given name with another patronymic or year; the same full name born 3 or more
years apart), near-miss surnames (one letter off, the other gender's form, hand-picked cousins
such as Ковалев/Коваль/Ковалевский), and the same surname with other given names.

The background draws nationalities, surnames (Zipf-like), given names and fathers' names from
the pools below. A background person never has a target's surname and given name: the
deliberate namesakes are counted so that a query without patronymic or year stays answerable
within ten hits, and a chance collision would make a hand-checked pair ambiguous unseen.
Nothing is read but targets.csv; the same seed gives the same rows.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from memreg.ingest.native_csv import PERSON_COLUMNS

SEED = 13
BACKGROUND_SIZE = 100_000
TARGETS_CSV = Path(__file__).with_name("targets.csv")

MEMORIAL_HEADER = ["id", "kind", "name", "lat", "lon", "country", "region", "settlement"]
MEMORIALS = [
    ["QT-BY-01", "mass_grave", "Брацкая магіла савецкіх воінаў", "53.90", "27.56", "BY",
     "BY-HM", "Мінск"],
    ["QT-BY-02", "war_cemetery", "Вайсковыя могілкі", "52.10", "23.70", "BY", "BY-BR", "Брэст"],
    ["QT-RU-01", "mass_grave", "Братская могила", "54.78", "32.05", "RU", "RU-SMO", "Смоленск"],
    ["QT-RU-02", "memorial_complex", "Мемориал павшим", "48.71", "44.51", "RU", "RU-VGG",
     "Волгоград"],
    ["QT-UA-01", "mass_grave", "Братська могила", "50.45", "30.52", "UA", "UA-30", "Київ"],
    ["QT-KZ-01", "obelisk", "Обелиск землякам", "43.24", "76.89", "KZ", "KZ-75", "Алматы"],
    ["QT-GE-01", "monument", "Памятник воинам", "41.69", "44.80", "GE", "GE-TB", "Тбилиси"],
    ["QT-AM-01", "monument", "Памятник воинам", "40.18", "44.51", "AM", "AM-ER", "Ереван"],
    ["QT-AZ-01", "monument", "Памятник воинам", "40.41", "49.87", "AZ", "AZ-BA", "Баку"],
    ["QT-UZ-01", "obelisk", "Обелиск", "41.31", "69.28", "UZ", "UZ-TK", "Ташкент"],
]  # fmt: skip
MEMORIAL_IDS = [row[0] for row in MEMORIALS]


@dataclass(frozen=True)
class Target:
    key: str
    surname: str
    given_name: str
    patronymic: str
    birth_date: str

    @property
    def person_id(self) -> str:
        return f"Q-{self.key}"

    @property
    def birth_year(self) -> int | None:
        return int(self.birth_date[:4]) if self.birth_date else None

    @property
    def female(self) -> bool:
        return self.patronymic.endswith(("вна", "чна", "кызы")) or self.given_name in FEMALE_SET


def read_targets(path: Path = TARGETS_CSV) -> list[Target]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [Target(**row) for row in csv.DictReader(handle)]


@dataclass(frozen=True)
class Nation:
    weight: float
    surnames: list[str]
    male: list[str]
    female: list[str]
    fathers: list[str]
    memorials: list[str]
    turkic: bool = False  # patronymic "Мамед оглы" as often as "Мамедович"


def _words(text: str) -> list[str]:
    return text.split()


def _derived(roots: str, suffixes: str) -> list[str]:
    return [root + suffix for root in _words(roots) for suffix in _words(suffixes)]


_SLAVIC_ROOTS = """Бел Берез Бобр Богат Борис Бык Волк Ворон Галк Голуб Горб Гриб Гром Дуб Ерем
Жар Жук Журавл Зайч Звер Зим Кабан Карп Клим Козл Колес Комар Коновал Корн Косар Кот Кравц Круп
Кузн Кулик Лапт Лебед Лис Лоз Луг Макар Малин Мартын Медвед Мельн Мирон Мороз Мух Назар Осип
Перепел Петр Плотн Пономар Прох Рыж Савел Сем Сидор Синиц Сок Сом Степан Сушк Тарас Терех Тимох
Ткач Трофим Улит Федот Фом Хом Хорош Цыган Чайк Черн Шап Шевц Щук Юрк Яков Ясн"""

_NATIONS = {
    "russian": Nation(
        46,
        _words("""Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков
        Фёдоров Морозов Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев
        Орлов Андреев Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов
        Воробьёв Сергеев Кузьмин Фролов Александров Дмитриев Королёв Гусев Киселёв Ильин
        Максимов Поляков Сорокин Виноградов Ковалёв Белов Медведев Антонов Тарасов Жуков
        Баранов Филиппов Комаров Давыдов Беляев Герасимов Богданов Осипов Сидоров Матвеев Титов
        Марков Миронов Крылов Куликов Карпов Власов Мельников Денисов Гаврилов Тихонов Казаков
        Афанасьев Данилов Савельев Тимофеев Фомин Чернов Абрамов Мартынов Ефимов Федотов Щербаков
        Назаров Калинин Исаев Чернышёв Быков Маслов Родионов Коновалов Лазарев Воронин Климов
        Филатов Пономарёв Голубев Кудрявцев Прохоров Наумов Потапов Журавлёв Овчинников Трофимов
        Леонов Соболев Ермаков Колесников Гончаров Емельянов Никифоров Грачёв Котов Гришин
        Ершов Хохлов Цветков Щукин Юдин Громов Толстой Полевой Луговой""")
        + _derived(_SLAVIC_ROOTS, "ов ин ёв"),
        _words("""Иван Василий Николай Михаил Александр Алексей Пётр Фёдор Сергей Григорий
        Дмитрий Павел Андрей Степан Владимир Яков Егор Семён Константин Илья Виктор Тимофей
        Матвей Борис Анатолий Леонид Юрий Геннадий Евгений Аркадий Роман Никита Афанасий Прохор
        Тихон Кузьма Лука Фома Захар Осип Игнат Архип Максим Гаврил Филипп Денис Савва Леонтий"""),
        _words("""Мария Анна Александра Екатерина Ольга Нина Валентина Зинаида Татьяна Клавдия
        Евдокия Антонина Вера Прасковья Людмила Надежда Галина Лидия"""),
        _words("""Иван Василий Николай Михаил Александр Алексей Пётр Фёдор Сергей Григорий
        Дмитрий Павел Андрей Степан Яков Егор Семён Илья Тимофей Кузьма Лука Никита Прохор
        Осип Игнат Архип Максим Филипп Макар Лев Ефим Фрол Влас Трофим Кондрат"""),
        ["QT-RU-01", "QT-RU-02", "QT-BY-01"],
    ),
    "ukrainian": Nation(
        18,
        _words("""Шевченко Бондаренко Коваленко Ткаченко Кравченко Бойко Ковальчук Олейник
        Лысенко Марченко Мороз Мельник Полищук Савченко Руденко Харченко Тимошенко Яремчук
        Гриценко Кушнир Довженко Зинченко Павленко Гончар Осадчий Гаврилюк Костенко Бондарь
        Ткачук Мельниченко Сидоренко Гончаренко Левченко Черненко Коваль Петренко Кузьменко
        Онищенко Нестеренко Литвиненко Приходько Билык Войтенко Дорошенко Кириленко""")
        + _derived(_SLAVIC_ROOTS, "енко чук ук"),
        _words("""Иван Василий Николай Михаил Григорий Пётр Степан Андрей Александр Алексей
        Фёдор Дмитрий Остап Тарас Семён Яков Павел Юрий Олег Пантелей Игнат Евгений Виталий
        Илья Георгий Назар Богдан Евдоким Максим"""),
        _words("""Мария Анна Галина Оксана Ольга Надежда Екатерина Евдокия Татьяна Марфа"""),
        _words("""Иван Василий Николай Михаил Григорий Пётр Степан Андрей Тарас Остап Панас
        Данил Трофим Назар Карп Гордей Онуфрий Лукьян Терентий Семён Юрий Фёдор Савва"""),
        ["QT-UA-01", "QT-RU-02", "QT-BY-02"],
    ),
    "belarusian": Nation(
        8,
        _words("""Лукашевич Карпович Жук Богданович Новик Ярошевич Козловский Шиманский
        Пашкевич Гриб Макаревич Курилович Савицкий Лазарчик Астапович Дубовик Янушкевич
        Лапицкий Шидловский Казак Сушко Бельский Мицкевич Ковалевич Климович Сенкевич""")
        + _derived(_SLAVIC_ROOTS, "ович евич ский ик чик ёнок"),
        _words("""Иван Михаил Николай Антон Иосиф Павел Станислав Владимир Фёдор Алексей
        Евгений Игнат Андрей Пётр Георгий Василий Григорий Адам Степан"""),
        _words("""Ольга Анна Ядвига Мария Антонина Евгения Янина"""),
        _words("""Иван Адам Иосиф Антон Казимир Франц Станислав Мартын Лаврентий Кузьма
        Михаил Пётр Павел Осип Игнат"""),
        ["QT-BY-01", "QT-BY-02"],
    ),
    "polish": Nation(
        2,
        _words("""Вишневский Ковальский Новак Зелинский Каминский Левандовский Домбровский
        Войцеховский Мазур Грабовский Сикорский Войцик Кравчик Ковальчик Лис Вуйцик Пиотровский
        Яворский Янковский"""),
        _words("""Юзеф Ян Стефан Тадеуш Болеслав Мечислав Казимир Генрих Войцех Владислав
        Эдвард Станислав Франц"""),
        _words("""Ванда Ядвига Янина Станислава Зофья Мария"""),
        _words("""Станислав Казимир Ян Юзеф Антон Игнатий Франц Феликс Владислав Юлиан Адам"""),
        ["QT-BY-02", "QT-UA-01"],
    ),
    "german": Nation(
        2,
        _words("""Шмидт Шнейдер Фишер Мейер Вагнер Беккер Шульц Гофман Шварц Вебер Кох Мюллер
        Циммерман Браун Краузе Гартман Кельлер Ланге Рихтер Шефер"""),
        _words("""Иоганн Генрих Вильгельм Фридрих Эдуард Яков Давид Эмиль Роберт Альберт
        Александр Андрей Пётр Карл"""),
        _words("""Эльза Эмма Мария Амалия Лидия"""),
        _words("""Фридрих Карл Август Густав Адам Генрих Иоганн Эрнст Готлиб Адольф Давид"""),
        ["QT-RU-02", "QT-KZ-01"],
    ),
    "jewish": Nation(
        3,
        _words("""Рабинович Коган Кац Гуревич Шапиро Финкельштейн Левин Фридман Зильберман
        Гольдберг Каплан Вайнштейн Каган Лифшиц Хаимович Эпштейн Гинзбург Розенберг"""),
        _words("""Моисей Давид Лев Исаак Борис Яков Ефим Наум Семён Григорий Самуил Михаил
        Абрам Арон Соломон"""),
        _words("""Сара Рахиль Эсфирь Ревекка Роза Фаина Двойра"""),
        _words("""Абрам Соломон Исаак Моисей Наум Марк Гирш Арон Залман Бер Израиль Лейба"""),
        ["QT-RU-01", "QT-UA-01", "QT-BY-01"],
    ),
    "armenian": Nation(
        3,
        _words("""Ованесян Петросян Саркисян Аветисян Григорян Мкртчян Арутюнян Манукян
        Карапетян Гаспарян Бабаян Овсепян Акопян Хачатрян Мартиросян Геворкян Погосян Оганесян
        Амбарцумян Тер-Петросян"""),
        _words("""Ашот Ваган Арам Гурген Левон Геворк Карен Ованес Сурен Хачатур Вардан Рубен
        Грант Мкртыч Саркис"""),
        _words("""Анаит Сирануш Гаяне Арус Ануш"""),
        _words("""Григорий Арутюн Мкртыч Саркис Ованес Амаяк Мартирос Ашот Погос Оганес Левон
        Арам Ерванд"""),
        ["QT-AM-01", "QT-RU-02"],
    ),
    "azerbaijani": Nation(
        3,
        _words("""Гусейнов Алиев Мамедов Кулиев Гасанов Аббасов Исмаилов Бабаев Рзаев
        Наджафов Джафаров Ахмедов Гаджиев Садыхов Велиев Керимов Агаев Мустафаев"""),
        _words("""Али Гасан Ибрагим Джафар Рашид Ислам Фарман Тофик Азиз Юсиф Гейдар
        Зульфугар Мамед Гусейн Аббас"""),
        _words("""Лейла Сара Зейнаб Гюльнара Фатма"""),
        _words("""Мамед Гусейн Али Аббас Бахрам Исмаил Керим Гулам Ахмед Мирза Гасан Мустафа"""),
        ["QT-AZ-01", "QT-GE-01"],
        turkic=True,
    ),
    "georgian": Nation(
        3,
        _words("""Джапаридзе Беридзе Капанадзе Гелашвили Майсурадзе Церетели Чхеидзе
        Кварацхелия Ломидзе Абашидзе Джугели Циклаури Гогоберидзе Кипиани Мчедлишвили
        Начкебия Гоголадзе Кикнадзе Цхададзе"""),
        _words("""Шота Вахтанг Гиви Отар Реваз Ираклий Гурам Нодар Тенгиз Михаил Зураб
        Георгий Давид Автандил Леван"""),
        _words("""Нино Тамара Кетеван Манана Этери"""),
        _words("""Георгий Ираклий Шалва Давид Нодар Вахтанг Константин Алексей Акакий Иван
        Раждень Леван"""),
        ["QT-GE-01", "QT-RU-02"],
    ),
    "kazakh": Nation(
        3,
        _words("""Нурмагамбетов Баймухамедов Жакупов Абдрахманов Сейткалиев Омаров Тохтаров
        Исмагулов Жумабаев Сарсенбаев Кенжебаев Сагындыков Ахметов Оспанов Искаков Касымов
        Байжанов Дюсенбаев"""),
        _words("""Касым Ахмет Серик Мухтар Болат Булат Шакен Жумабек Мукан Тулеген Бауыржан
        Ермек Абай Нурлан"""),
        _words("""Айгуль Алия Бибигуль Хадиша Шолпан"""),
        _words("""Сейткали Кенжебай Абен Ермек Жумабай Асылбек Тлеу Кенес Абил Касым"""),
        ["QT-KZ-01", "QT-RU-02"],
    ),
    "uzbek": Nation(
        4,
        _words("""Рахимов Каримов Юлдашев Усманов Мирзаев Хамидов Эргашев Назаров Тураев
        Абдуллаев Султанов Исмаилов Ташпулатов Мамаджанов Алимов Турсунов Юсупов Саидов"""),
        _words("""Собир Шукур Турсун Абдулла Бахтияр Гафур Нурмат Исмаил Кадыр Хайдар Рахим
        Алим Саид Эргаш"""),
        _words("""Мукаррам Зухра Гульчехра Тамара Мухаббат"""),
        _words("""Рахим Ахмад Маматкул Хамид Эргаш Саид Турды Алим Ташпулат Гафур"""),
        ["QT-UZ-01", "QT-KZ-01"],
    ),
    "tatar": Nation(
        4,
        _words("""Юсупов Валиев Шарипов Хайруллин Галиев Сафин Мухаметшин Зарипов Абдуллин
        Камалов Гайнуллин Хабибуллин Гарипов Сабиров Фаизов Мингазов Ахметзянов"""),
        _words("""Рашид Габдулла Мансур Фарид Мидхат Ильяс Гумер Ахат Харис Тагир Ибрагим
        Шакир Закир"""),
        _words("""Фатима Розалия Гульнара Сания Галия"""),
        _words("""Ахмед Закир Гариф Шакир Салих Хусаин Габдрахман Нури Миннулла Сабир Ибрагим"""),
        ["QT-RU-02", "QT-KZ-01", "QT-RU-01"],
    ),
}

FEMALE_SET = frozenset(name for nation in _NATIONS.values() for name in nation.female) | {
    "Айгуль",
    "Алия",
    "Зухра",
}

_PATRONYMIC_EXCEPTIONS = {
    "Илья": ("Ильич", "Ильинична"),
    "Никита": ("Никитич", "Никитична"),
    "Кузьма": ("Кузьмич", "Кузьминична"),
    "Лука": ("Лукич", "Лукинична"),
    "Фома": ("Фомич", "Фоминична"),
    "Савва": ("Саввич", "Саввична"),
    "Лев": ("Львович", "Львовна"),
    "Павел": ("Павлович", "Павловна"),
    "Пётр": ("Петрович", "Петровна"),
    "Яков": ("Яковлевич", "Яковлевна"),
    "Гаврил": ("Гаврилович", "Гавриловна"),
    "Раждень": ("Ражденович", "Ражденовна"),
    "Михаил": ("Михайлович", "Михайловна"),
    "Кондрат": ("Кондратьевич", "Кондратьевна"),
}
# Fathers' names in -ий whose patronymic keeps the и (Дмитриевич, not Дмитрьевич).
_KEEPS_I = frozenset({"Дмитрий", "Георгий", "Онуфрий", "Ираклий", "Акакий"})


def patronymic(father: str, female: bool, turkic_style: bool = False) -> str:
    """The patronymic a Soviet list writes for a child of `father`."""
    if turkic_style:
        return f"{father} {'кызы' if female else 'оглы'}"
    if father in _PATRONYMIC_EXCEPTIONS:
        return _PATRONYMIC_EXCEPTIONS[father][female]
    if father in _KEEPS_I:
        stem = father[:-2] + "ие"
    elif father.endswith("ий"):
        stem = father[:-2] + "ье"
    elif father.endswith(("ей", "ай")):
        stem = father[:-1] + "е"
    elif father.endswith(("и", "ы", "у")) or father.endswith("а"):
        stem = father + "е"
    elif father.endswith("ь"):
        stem = father[:-1] + "е"
    elif father.endswith(("ж", "ш", "ч", "щ", "ц")):
        stem = father + "е"
    else:
        stem = father + "о"
    stem = stem.replace("ё", "е")
    return stem + ("вна" if female else "вич")


def other_gender(surname: str) -> str | None:
    """The surname's form for the other gender, when Russian grammar gives one."""
    for masculine, feminine in (("ский", "ская"), ("цкий", "цкая"), ("ой", "ая")):
        if surname.endswith(masculine):
            return surname[: -len(masculine)] + feminine
        if surname.endswith(feminine):
            return surname[: -len(feminine)] + masculine
    if surname.endswith(("ова", "ева", "ёва", "ина", "ына")):
        return surname[:-1]
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return None


# Near misses a relative could confuse, for the issue's own examples.
_HAND_NEAR_MISSES = {
    "Сидоренко": ["Сидоренков", "Сидорченко", "Сиденко", "Сидоренкова"],
    "Ковалёв": ["Ковалев", "Коваль", "Ковальов", "Ковалевский", "Ковалёва"],
    "Гончаренко": ["Гончаренков", "Гончар", "Гончарук", "Гончаров"],
}
_VOWEL_SWAPS = {"а": "о", "о": "а", "е": "и", "и": "е", "у": "ю", "я": "а", "ы": "и", "э": "е"}


def near_misses(surname: str) -> list[str]:
    """Surnames one letter away, and the other gender's form."""
    if surname in _HAND_NEAR_MISSES:
        return _HAND_NEAR_MISSES[surname]
    found: list[str] = []
    vowels = [i for i, ch in enumerate(surname) if ch in _VOWEL_SWAPS and i > 0]
    if vowels:
        i = vowels[len(vowels) // 2]
        found.append(surname[:i] + _VOWEL_SWAPS[surname[i]] + surname[i + 1 :])
    if len(surname) > 4:
        i = len(surname) // 2
        found.append(surname[:i] + surname[i + 1 :])
    found.append(surname[:2] + "р" + surname[2:] if surname[2] != "р" else surname + "н")
    gendered = other_gender(surname)
    if gendered:
        found.append(gendered)
    return [name for name in dict.fromkeys(found) if name != surname]


def fold(text: str) -> str:
    return text.lower().replace("ё", "е")


def nation_of(surname: str) -> Nation:
    for nation in _NATIONS.values():
        if surname in nation.surnames or other_gender(surname) in nation.surnames:
            return nation
    return _NATIONS["russian"]


class _Generator:
    def __init__(self, targets: list[Target]) -> None:
        self.random = random.Random(SEED)
        self.taken = {(fold(t.surname), fold(t.given_name)) for t in targets}
        self.nations = list(_NATIONS.values())
        self.nation_weights = [n.weight for n in self.nations]
        self.counter = 0

    def zipf(self, items: list[str], offset: int = 2) -> str:
        # Rank r has weight 1/(r+offset): a few common names and a long tail.
        weights = [1.0 / (rank + offset) for rank in range(len(items))]
        return self.random.choices(items, weights)[0]

    def year(self) -> str:
        roll = self.random.random()
        year = self.random.randint(1895, 1927)
        if roll < 0.15:
            return ""
        if roll < 0.25:
            return f"{year}-{self.random.randint(1, 12):02d}-{self.random.randint(1, 28):02d}"
        return str(year)

    def death(self) -> str:
        if self.random.random() < 0.2:
            return ""
        year = self.random.randint(1941, 1945)
        return f"{year}-{self.random.randint(1, 12):02d}-{self.random.randint(1, 28):02d}"

    def row(self, person_id: str, surname: str, given: str, patr: str, birth: str,
            memorials: list[str]) -> list[str]:  # fmt: skip
        fate = self.random.choice(["killed_in_action", "died_of_wounds", "missing", "unknown"])
        role = "buried_at" if self.random.random() < 0.8 else "commemorated_at"
        values = {
            "id": person_id, "surname": surname, "given_name": given, "patronymic": patr,
            "birth_date": birth, "death_date": self.death(), "fate": fate,
            "memorial_id": self.random.choice(memorials), "role": role,
        }  # fmt: skip
        return [values.get(column, "") for column in PERSON_COLUMNS]

    def patronymic_for(self, nation: Nation, female: bool, avoid: str = "") -> str:
        for _ in range(20):
            father = self.zipf(nation.fathers)
            turkic = nation.turkic and self.random.random() < 0.5
            patr = patronymic(father, female, turkic)
            if patr != avoid:
                return patr
        return patr

    def background(self) -> list[str]:
        while True:
            nation = self.random.choices(self.nations, self.nation_weights)[0]
            female = self.random.random() < 0.08
            surname = self.zipf(nation.surnames, offset=10)
            if female:
                surname = other_gender(surname) or surname
            given = self.zipf(nation.female if female else nation.male)
            if (fold(surname), fold(given)) in self.taken:
                continue
            no_patronymic = self.random.random() < 0.1
            patr = "" if no_patronymic else self.patronymic_for(nation, female)
            self.counter += 1
            return self.row(f"B-{self.counter:06d}", surname, given, patr, self.year(),
                            nation.memorials)  # fmt: skip

    def distractors(self, target: Target) -> Iterator[list[str]]:
        nation = nation_of(target.surname)
        female = target.female
        year = target.birth_year
        names = iter(range(1, 100))

        def ident() -> str:
            return f"D-{target.key}-{next(names)}"

        far_year = str(year + self.random.choice([-6, -4, -3, 3, 4, 5])) if year else "1910"
        # Namesakes: another patronymic, another year; the same full name years apart.
        for _ in range(2):
            patr = self.patronymic_for(nation, female, avoid=target.patronymic)
            yield self.row(ident(), target.surname, target.given_name, patr, self.year(),
                           nation.memorials)  # fmt: skip
        yield self.row(ident(), target.surname, target.given_name, target.patronymic, far_year,
                       nation.memorials)  # fmt: skip
        # Near-miss surnames with everything else the same.
        for surname in near_misses(target.surname):
            given, patr = target.given_name, target.patronymic
            if other_gender(target.surname) == surname or surname.endswith(("ова", "ёва")):
                given = self.zipf(nation.male if female else nation.female)
                patr = self.patronymic_for(nation, not female)
            yield self.row(ident(), surname, given, patr, target.birth_date, nation.memorials)
        # The same surname with other given names.
        pool = nation.female if female else nation.male
        others = [name for name in pool if fold(name) != fold(target.given_name)]
        for given in self.random.sample(others, 2):
            patr = self.patronymic_for(nation, female)
            yield self.row(ident(), target.surname, given, patr, self.year(), nation.memorials)


def person_rows(targets: list[Target], size: int = BACKGROUND_SIZE) -> Iterator[list[str]]:
    """Rows in PERSON_COLUMNS order: every target, its distractors, then the background."""
    generator = _Generator(targets)
    for target in targets:
        nation = nation_of(target.surname)
        yield generator.row(target.person_id, target.surname, target.given_name,
                            target.patronymic, target.birth_date, nation.memorials)  # fmt: skip
        yield from generator.distractors(target)
    for _ in range(size):
        yield generator.background()


def write_register_csvs(folder: Path, targets: list[Target], size: int = BACKGROUND_SIZE):
    """Write memorials.csv and persons.csv for the native import; return both paths."""
    memorial_path = folder / "memorials.csv"
    person_path = folder / "persons.csv"
    with memorial_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(MEMORIAL_HEADER)
        writer.writerows(MEMORIALS)
    with person_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(PERSON_COLUMNS)
        writer.writerows(person_rows(targets, size))
    return memorial_path, person_path
