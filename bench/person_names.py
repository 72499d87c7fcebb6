"""Deterministic synthetic persons with a realistic name distribution, for the search benchmark.

    .venv/bin/python bench/person_names.py --persons 1000000 --stats
    .venv/bin/python bench/person_names.py --persons 1000000 --write DIR

Names are written as Soviet lists wrote them: Russian Cyrillic, surname, given name and
patronymic, for twelve nationalities (Russian, Ukrainian, Belarusian, Polish, German, Jewish,
Armenian, Azerbaijani, Georgian, Kazakh, Uzbek, Tatar). Surnames are roots × suffixes of the
nationality: a head of common real roots, then a long tail of roots put together from
syllables of the nationality, so that the vocabulary holds over 400,000 distinct surnames
whose frequencies fall off like Zipf's law (at 20M persons the commonest are borne by well over
100,000). Given names follow a Zipf law over about 300 names; women (~10 %) get the female forms
of surname and patronymic. Birth years 1880–1927, peaking at the conscription years.

Rows are streamed in chunks; chunk k is drawn from its own seed, so any person can be made
again without the others (the query set uses that) and memory does not grow with the count.
Facts behind the lists: the common surname roots and given names of each nationality as found
in the OBD Memorial lists and in B.-O. Unbegaun, "Russian Surnames" (1972) for the suffixes.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from array import array
from bisect import bisect
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

import synthetic_rows

VERSION = 2  # of the names: a register made by another version is made again
CHUNK = 65_536
FEMALE_SHARE = 0.10
PERSON_HEADER = ["id", "surname", "given_name", "patronymic", "birth_date", "death_date",
                 "fate", "memorial_id", "role"]  # fmt: skip
# A person row as the generator yields it: the CSV columns, then what the query set needs.
ID, SURNAME, GIVEN, PATRONYMIC, BIRTH, DEATH, FATE, MEMORIAL, ROLE = range(9)
NATION, FEMALE, SURNAME_INDEX, GIVEN_INDEX, FATHER_INDEX, YEAR = range(9, 15)


def _w(text: str) -> list[str]:
    return text.split()


@dataclass(frozen=True)
class Nation:
    """How one nationality's names are made. Roots are `cyrillic` or `cyrillic=national`."""

    code: str
    share: float  # of the persons
    vocabulary: int  # distinct surnames wanted (before duplicates are removed)
    roots: list[str]
    head: list[str]  # first syllables of made-up roots
    tail: list[str]  # second syllables
    suffixes: list[tuple[str, float]]  # "male/female" (female omitted: same), weight
    male: list[str]
    female: list[str]
    patronymic_style: float = 0.0  # share of "<father> оглы / кызы" patronymics


SLAVIC_HEAD = _w("Бра Бел Бор Вер Вол Гав Глу Гор Гру Дав Дер Дуб Жар Жел Зар Зве Кал Кап Кир "
                 "Кла Кол Кор Кра Кру Куд Лап Лес Лук Ман Мар Мед Мих Мор Нес Ник Ост Пав Пан "
                 "Пер Пет Пол Про Рад Раз Сав Сем Сер Сит Ско Сла Сок Ста Сув Сус Тар Тим Тол "
                 "Тру Фил Хар Хол Цвет Чер Чис Шав Шел Щер Юр Яр")  # fmt: skip
SLAVIC_TAIL = _w("бан бар бач бор вар вей гал гач дар дей жан жук зан кар кин ков лан лик лыг "
                 "мак мач ник нов пал пик рал рен рик сар сек тал тин ток уш фан хан цев чик "
                 "шак шин щук ыш ял ят ев ан ин ок ел ут ах ем")  # fmt: skip
TURKIC_HEAD = _w("Аб Ай Ак Ал Ар Ас Аш Ба Бай Бек Габ Гай Гал Джа Ер Жу Иб Ис Ка Кад Кар Кас "
                 "Кур Ма Мур Ну Ом Ра Рах Са Саф Сей Сул Та Ту Ум Фа Ха Хай Ша Шар Юс")  # fmt: skip
TURKIC_TAIL = _w("бай бек дул жан зак кен кул лим мат мед мир нур рат рим сан сен тай хан "
                 "шид яр ган гул дар диш зат жал кер лат тар")  # fmt: skip
NATIONS = [
    Nation(
        "ru",
        0.52,
        160_000,
        _w(
            "Иван Петр Сидор Смирн Кузнец Поп Василь Сокол Михайл Новик Федор Мороз "
            "Волк Алексе Лебед Семен Егор Павл Козл Степан Никола Орл Андре Макар Никит Захар "
            "Зайц Борис Яковл Григорь Роман Воробь Серге Кузьм Фрол Александр Дмитри Корол Гус "
            "Кисел Иль Максим Поляк Сорок Виноград Ковал Бел Медвед Антон Тарас Жук Баран Филипп "
            "Комар Давыд Беля Герасим Богдан Осип Гончар Абрам Тит Калинин Карп Голуб Щерба "
            "Крылов Ершов Пономар Тихон Крюк Чернышев Карас Суслов Гром Куликов Лыс"
        ),
        SLAVIC_HEAD,
        SLAVIC_TAIL,
        [
            ("ов/ова", 0.62),
            ("ин/ина", 0.22),
            ("ский/ская", 0.08),
            ("ых", 0.04),
            ("цкий/цкая", 0.04),
        ],
        _w(
            "Иван Николай Василий Михаил Александр Алексей Петр Федор Сергей Владимир Андрей "
            "Дмитрий Григорий Павел Степан Егор Яков Семен Илья Константин Тимофей Матвей Борис "
            "Виктор Анатолий Георгий Кузьма Трофим Захар Прохор Филипп Роман Макар Антон Архип "
            "Леонид Гавриил Евгений Максим Никита Афанасий Иосиф Тихон Ефим Савелий Игнат "
            "Лука Фома Аркадий Юрий Денис Кирилл Олег Игорь Лев Герасим Харитон Назар Карп"
        ),
        _w(
            "Мария Анна Екатерина Евдокия Александра Татьяна Ольга Надежда Вера Прасковья Нина "
            "Зинаида Антонина Клавдия Валентина Лидия Ксения Пелагея Агафья Евгения Любовь "
            "Галина Софья Матрена Аграфена"
        ),
    ),
    Nation(
        "uk",
        0.15,
        70_000,
        _w(
            "Шевч Коваль Бондар Ткач Кравч Олейн Мельн Лыс Марч Бойч Савч Гончар Руд Пономар "
            "Тимош Петр Кучер Мороз Павл Левч Харч Сидор Лит Гаврил Дем Панч Кушн Ярош Яц "
            "Онищ Кирил Голов Полищ Остап Горди Мартын Мацк Гуц Гнат"
        ),
        SLAVIC_HEAD,
        SLAVIC_TAIL,
        [
            ("енко", 0.45),
            ("ук", 0.18),
            ("чук", 0.14),
            ("ский/ская", 0.10),
            ("ак", 0.05),
            ("ец", 0.04),
            ("ишин/ишина", 0.04),
        ],
        _w(
            "Иван Николай Василий Михаил Петр Григорий Федор Степан Андрей Алексей Александр "
            "Тарас Остап Богдан Дмитрий Павел Яков Семен Юрий Роман Опанас Тимофей Корней "
            "Онуфрий Мирон Максим Демьян Леонтий Панас Назар"
        ),
        _w(
            "Мария Анна Екатерина Евдокия Оксана Татьяна Ольга Надежда Галина Христина Прасковья "
            "Ганна Ярослава Софья Марфа"
        ),
    ),
    Nation(
        "be",
        0.08,
        40_000,
        _w(
            "Лукаш Климов Ковал Новик Жук Сав Мацкев Петров Якимов Кух Мартинов Пашк Стась Мороз "
            "Гончар Бондар Трус Шавел Яцк Кравц Кузьм Лапиц Ясюк Зенков Скрипк Кулеш Шидлов"
        ),
        SLAVIC_HEAD,
        SLAVIC_TAIL,
        [
            ("ич", 0.30),
            ("евич", 0.14),
            ("ёнок", 0.12),
            ("ко", 0.16),
            ("ик", 0.10),
            ("ский/ская", 0.10),
            ("ёня", 0.04),
            ("уть", 0.04),
        ],
        _w(
            "Иван Николай Василий Михаил Петр Федор Степан Андрей Алексей Александр Иосиф "
            "Григорий Антон Владимир Павел Адам Язэп=Iazep Семен Игнат Тимофей Кондрат Юлиан"
        ),
        _w("Мария Анна Ольга Екатерина Ганна Евдокия Надежда Татьяна Ксения Алеся Вера"),
    ),
    Nation(
        "pl",
        0.025,
        20_000,
        _w(
            "Коваль=Kowal Вишнев=Wiśniew Левандов=Lewandow Домбров=Dąbrow Каминь=Kamiń "
            "Зелинь=Zieliń Шиманов=Szymanow Войцехов=Wojciechow Козлов=Kozłow Яворь=Jawor "
            "Малинов=Malinow Пежин=Pieżyn Цеслин=Cieślin Мазур=Mazur Кравчик=Krawczyk"
        ),
        SLAVIC_HEAD,
        SLAVIC_TAIL,
        [("ский/ская", 0.55), ("ак", 0.15), ("ик", 0.10), ("чик", 0.10), ("ецкий/ецкая", 0.10)],
        _w(
            "Иосиф=Józef Ян=Jan Станислав=Stanisław Казимир=Kazimierz Франц=Franciszek "
            "Владислав=Władysław Антон=Antoni Юзеф=Józef Болеслав=Bolesław Стефан=Stefan "
            "Тадеуш=Tadeusz Мечислав=Mieczysław Войцех=Wojciech Михаил=Michał Петр=Piotr"
        ),
        _w(
            "Мария=Maria Ядвига=Jadwiga Ванда=Wanda Янина=Janina Стефания=Stefania "
            "Гелена=Helena Анна=Anna"
        ),
    ),
    Nation(
        "de",
        0.015,
        15_000,
        _w(
            "Шмидт=Schmidt Мюллер=Müller Шнейдер=Schneider Вагнер=Wagner Вебер=Weber "
            "Беккер=Becker Фишер=Fischer Майер=Meyer Гофман=Hoffmann Шульц=Schulz Кох=Koch "
            "Рихтер=Richter Клейн=Klein Вольф=Wolf Шредер=Schröder Нейман=Neumann "
            "Циммерман=Zimmermann Краузе=Krause Лейман=Lehmann Гартман=Hartmann"
        ),
        _w("Шта Вей Гольц Брен Эрн Кра Лин Фор Гер Ней Рей Зин Мей Кел Гут Ро Штей Бау"),
        _w("нер гель берг ман ле ке ц ль рт дт ер ин рих бах фельд"),
        [("", 0.45), ("ер", 0.20), ("ман", 0.15), ("гардт", 0.07), ("штейн", 0.06), ("берг", 0.07)],
        _w(
            "Иоганн=Johann Генрих=Heinrich Фридрих=Friedrich Александр=Alexander "
            "Яков=Jakob Давид=David Петр=Peter Карл=Karl Вильгельм=Wilhelm Эдуард=Eduard "
            "Готлиб=Gottlieb Андрей=Andreas Эмиль=Emil Адольф=Adolf Густав=Gustav"
        ),
        _w("Мария=Maria Эмма=Emma Елизавета=Elisabeth Амалия=Amalie Фрида=Frieda Берта=Bertha"),
    ),
    Nation(
        "he",
        0.03,
        25_000,
        _w(
            "Рабин=Rabin Гольд=Gold Фрид=Fried Кац=Katz Шапир=Schapir Зильбер=Silber "
            "Розен=Rosen Вайн=Wein Гинз=Ginz Левин=Lewin Бернштейн=Bernstein Гурев=Gurew "
            "Абрам=Abram Лейб=Leib Хаим=Chaim Шмул=Schmul Мендел=Mendel Блюм=Blum "
            "Перель=Perel Эпштейн=Epstein"
        ),
        _w("Гольд Зиль Ро Фрид Вайс Лан Гер Шен Мар Ланд Гриш Блюм Лев Кап Рот Хей"),
        _w("бер ман цен вин дер шель зен берг ник ель мах"),
        [
            ("ович/ович", 0.30),
            ("ман", 0.25),
            ("ер", 0.15),
            ("ский/ская", 0.12),
            ("зон", 0.08),
            ("берг", 0.10),
        ],
        _w(
            "Абрам=Avraham Исаак=Itzhak Моисей=Moshe Давид=David Лазарь=Lazar Яков=Jakov "
            "Борис=Boris Григорий=Grigori Соломон=Shlomo Израиль=Israel Самуил=Shmuel "
            "Залман=Zalman Хаим=Chaim Лейба=Leib Наум=Naum Ефим=Efim Марк=Mark Семен=Semion"
        ),
        _w(
            "Сара=Sarah Рахиль=Rachel Ревекка=Rivka Хая=Chaya Эсфирь=Esther Фаина=Faina "
            "Роза=Rosa Ида=Ida"
        ),
    ),
    Nation(
        "hy",
        0.025,
        20_000,
        _w(
            "Петрос=Petros Саркис=Sargis Аветис=Avetis Оганес=Hovhannis Григор=Grigor "
            "Акоп=Hakob Карапет=Karapet Геворк=Gevorg Арутюн=Harutyun Манук=Manuk "
            "Мкртч=Mkrtch Погос=Poghos Вардан=Vardan Мартирос=Martiros Хачатур=Khachatur "
            "Симон=Simon Амбарцум=Hambardzum Тер-Петрос=Ter-Petros Баба=Baba Мелкон=Melkon"
        ),
        _w("Ав Ам Ар Ба Гал Гас Да Ка Ма На Оган Па Са Та Ха Ваг Аз Мхит Ашх"),
        _w("ра си ке тан ло ни ре бе ра за мел пет гар тер"),
        [("ян", 0.85), ("янц", 0.08), ("ов/ова", 0.07)],
        _w(
            "Ованес=Hovhannes Ашот=Ashot Арам=Aram Гурген=Gurgen Саркис=Sargis Вартан=Vardan "
            "Геворк=Gevorg Карапет=Karapet Григор=Grigor Мушег=Musheg Тигран=Tigran "
            "Левон=Levon Армен=Armen Сурен=Suren Акоп=Hakob"
        ),
        _w("Анаит=Anahit Гаяне=Gayane Сирануш=Siranush Ануш=Anush Астхик=Astghik"),
    ),
    Nation(
        "az",
        0.025,
        15_000,
        _w(
            "Али=Əli Мамед=Məmməd Гусейн=Hüseyn Гасан=Həsən Ибрагим=İbrahim "
            "Исмаил=İsmayıl Гаджи=Hacı Рагим=Rəhim Керим=Kərim Аббас=Abbas Вели=Vəli "
            "Джафар=Cəfər Баба=Baba Сулейман=Süleyman Мустафа=Mustafa Рза=Rza Садых=Sadıx"
        ),
        TURKIC_HEAD,
        TURKIC_TAIL,
        [("ов/ова", 0.90), ("ли", 0.10)],
        _w(
            "Али=Əli Мамед=Məmməd Гусейн=Hüseyn Гасан=Həsən Ибрагим=İbrahim Исмаил=İsmayıl "
            "Алекпер=Ələkbər Аббас=Abbas Джафар=Cəfər Рза=Rza Велибек=Vəlibəy Садых=Sadıx "
            "Гаджи=Hacı Мустафа=Mustafa Наджаф=Nəcəf"
        ),
        _w("Фатма=Fatma Гюльнара=Gülnarə Зейнаб=Zeynəb Сакина=Səkinə Айша=Ayşə"),
        patronymic_style=0.8,
    ),
    Nation(
        "ka",
        0.02,
        20_000,
        _w(
            "Бери=Beri Капана=Kapana Гела=Gela Майсура=Maisura Гог=Gog "
            "Кварацхел=Kvaratskhel Цхака=Tskhaka Джапари=Japari Лорткипани=Lortkipani "
            "Чавчава=Chavchava Мачавари=Machavari Гиорга=Giorga Квирика=Kvirika Абаши=Abashi"
        ),
        _w("Ба Ги Да Ке Ло Ма Но Ца Чи Шо Джа Кви Ме Ту Ха Кик Бер Гог"),
        _w("ла ри ши ни ва на ку ли те кипа та"),
        [("дзе", 0.50), ("швили", 0.30), ("ия", 0.10), ("ани", 0.05), ("ава", 0.05)],
        _w(
            "Георгий=Giorgi Шалва=Shalva Гиви=Givi Вахтанг=Vakhtang Отар=Otar Давид=Davit "
            "Реваз=Revaz Иосиф=Ioseb Вано=Vano Нодар=Nodar Зураб=Zurab Ираклий=Irakli "
            "Арчил=Archil Важа=Vazha Леван=Levan"
        ),
        _w("Нино=Nino Тамара=Tamar Кетеван=Ketevan Мзия=Mzia Манана=Manana"),
    ),
    Nation(
        "kk",
        0.03,
        20_000,
        _w(
            "Ахмет=Akhmet Жумаба=Zhumaba Касым=Kasym Сейткали=Seitkali Нурпеис=Nurpeis "
            "Байжан=Baizhan Омар=Omar Кенжеба=Kenzheba Сулеймен=Suleimen Бекмухамбет=Bekmukhambet "
            "Искак=Iskak Тулеген=Tulegen Абдрахман=Abdrakhman Жаксыбек=Zhaksybek Есен=Esen"
        ),
        TURKIC_HEAD,
        TURKIC_TAIL,
        [("ов/ова", 0.90), ("ин/ина", 0.05), ("улы", 0.05)],
        _w(
            "Ахмет=Akhmet Жумабай=Zhumabai Касым=Kasym Серик=Serik Болат=Bolat Ермек=Ermek "
            "Абай=Abai Нурлан=Nurlan Кайрат=Kairat Тулеген=Tulegen Бекжан=Bekzhan "
            "Сагындык=Sagyndyk Жаксылык=Zhaksylyk Куаныш=Kuanysh Ержан=Erzhan"
        ),
        _w("Айша=Aisha Гульнар=Gulnar Бибигуль=Bibigul Куляш=Kuliash Жамал=Zhamal"),
        patronymic_style=0.3,
    ),
    Nation(
        "uz",
        0.03,
        20_000,
        _w(
            "Юсуп=Yusup Карим=Karim Рахим=Rahim Абдулла=Abdulla Ахмед=Ahmed Турсун=Tursun "
            "Назар=Nazar Султан=Sultan Умар=Umar Эргаш=Ergash Мирзо=Mirzo Хасан=Hasan "
            "Исмаил=Ismoil Холмат=Xolmat Рустам=Rustam"
        ),
        TURKIC_HEAD,
        TURKIC_TAIL,
        [("ов/ова", 0.90), ("заде", 0.05), ("бек", 0.05)],
        _w(
            "Рахим=Rahim Карим=Karim Абдулла=Abdulla Юсуп=Yusuf Рустам=Rustam Тулкин=To'lqin "
            "Эргаш=Ergash Турсун=Tursun Хасан=Hasan Умар=Umar Шукур=Shukur Назар=Nazar "
            "Бахтияр=Baxtiyor Ислам=Islom Мурад=Murod"
        ),
        _w("Гульчехра=Gulchehra Мавлюда=Mavluda Зульфия=Zulfiya Саодат=Saodat Мехри=Mehri"),
        patronymic_style=0.4,
    ),
    Nation(
        "tt",
        0.035,
        20_000,
        _w(
            "Хабибулл=Khabibull Гали=Gali Саф=Saf Вали=Vali Гарип=Garip Зарип=Zarip "
            "Хайрулл=Khairull Шарип=Sharip Ахметзян=Akhmetzian Фаиз=Faiz Мингаз=Mingaz "
            "Гильмутдин=Gilmutdin Нурулл=Nurull Сабир=Sabir Фатхулл=Fatkhull"
        ),
        TURKIC_HEAD,
        TURKIC_TAIL,
        [("ов/ова", 0.55), ("ин/ина", 0.35), ("уллин/уллина", 0.10)],
        _w(
            "Габдулла=Gabdulla Рашид=Rashid Мухаммед=Mukhammed Фарид=Farid Гариф=Garif "
            "Нурулла=Nurulla Шамиль=Shamil Ахмет=Akhmet Хасан=Khasan Зариф=Zarif Ильяс=Ilias "
            "Салих=Salikh Мансур=Mansur Гумер=Gumer Сабир=Sabir"
        ),
        _w("Фатима=Fatima Гульсум=Gulsum Мадина=Madina Зайнаб=Zainab Халима=Khalima"),
    ),
]
NATION_CODES = [n.code for n in NATIONS]
SLAVIC = ("ru", "uk", "be", "pl")

IRREGULAR_PATRONYMICS = {
    "Илья": ("Ильич", "Ильинична"), "Кузьма": ("Кузьмич", "Кузьминична"),
    "Фома": ("Фомич", "Фоминична"), "Лука": ("Лукич", "Лукинична"),
    "Яков": ("Яковлевич", "Яковлевна"), "Павел": ("Павлович", "Павловна"),
    "Лев": ("Львович", "Львовна"), "Петр": ("Петрович", "Петровна"),
    "Михаил": ("Михайлович", "Михайловна"), "Гавриил": ("Гаврилович", "Гавриловна"),
    "Моисей": ("Моисеевич", "Моисеевна"),
}  # fmt: skip
SOFT_PATRONYMIC_STEMS = ("Василий", "Григорий", "Анатолий", "Юрий", "Евгений", "Аркадий",
                         "Савелий", "Афанасий", "Леонтий", "Онуфрий")  # fmt: skip


def split_form(entry: str) -> tuple[str, str]:
    """`Али=Əli` -> ("Али", "Əli"); a bare entry has no national form of its own: ""."""
    cyrillic, _, national = entry.partition("=")
    return cyrillic, national


def patronymic(father: str, female: bool, turkic_style: bool = False, slavic: bool = True) -> str:
    """The patronymic a Soviet list writes for a child of `father`."""
    if turkic_style:
        return f"{father} {'кызы' if female else 'оглы'}"
    if father in IRREGULAR_PATRONYMICS:
        return IRREGULAR_PATRONYMICS[father][female]
    if father in SOFT_PATRONYMIC_STEMS:
        return father[:-2] + ("ьевна" if female else "ьевич")
    if father.endswith("ий"):
        return father[:-2] + ("иевна" if female else "иевич")
    if father.endswith(("й", "ь")):
        return father[:-1] + ("евна" if female else "евич")
    if father.endswith(("а", "я")) and slavic:
        return father[:-1] + ("ична" if female else "ич")
    if father.endswith("а"):  # Шалва -> Шалвович, Габдулла -> Габдуллович
        return father[:-1] + ("овна" if female else "ович")
    if father.endswith(("и", "о", "е")):
        return father + ("евна" if female else "евич")
    if father[-1] in "жчшщц":
        return father + ("евна" if female else "евич")
    return father + ("овна" if female else "ович")


def _join(root: str, suffix: str) -> str:
    """Root + suffix with the spelling rule of -ов: -ев after a vowel or a soft root."""
    if suffix.startswith("ов") and root[-1] in "жчшщцйьаяиеуоэ" and root != "Кузнец":
        suffix = "ев" + suffix[2:]
        root = root[:-1] if root[-1] == "й" else root
    elif suffix.startswith(("ин", "ск")) and root[-1] in "аяо" and len(root) > 3:
        root = root[:-1]
    elif root[-1] == "ь" and suffix[:1] in ("е", "ё", "у"):  # Коваленко, Ковалюк
        root, suffix = root[:-1], ("ю" + suffix[1:] if suffix[0] == "у" else suffix)
    elif suffix.startswith("цк"):  # Новик -> Новицкий, Кравец -> Кравецкий, Бел -> Белецкий
        if root[-1] == "к":
            root = root[:-1]
        elif root[-1] == "ц":
            suffix = suffix[1:]
        elif root[-1] not in "аеиоуыэюя":
            suffix = "е" + suffix
    elif suffix.startswith("ск") and root[-1] == "ь":  # Каминь -> Каминский
        root = root[:-1]
    elif suffix.startswith("ск") and root[-1] not in "вн" + "аеиоуыэюяй":
        suffix = "ов" + suffix  # Петр -> Петровский, Сокол -> Соколовский
    return root + suffix


@dataclass
class Vocabulary:
    """Every surname with its female form, nationality, root and suffix; given names by
    nationality and sex; the cumulative weights the generator draws from."""

    male: list[str]
    female: list[str]
    nation: array  # index into NATIONS
    root: list[str]  # the root as written in the national form ("" = like the Cyrillic)
    root_cyrillic: list[str]
    suffix: array  # index into the nation's suffixes
    cumulative: list[float]
    given: list[list[list[tuple[str, str]]]]  # [nation][female] -> [(cyrillic, national)]
    given_cumulative: list[list[list[float]]]


def _zipf(count: int, exponent: float, offset: float = 1.0) -> list[float]:
    return [1.0 / (rank + offset) ** exponent for rank in range(count)]


def _roots(nation: Nation, rng: random.Random, wanted: int) -> list[tuple[str, str]]:
    """The nation's real roots, then made-up ones from its syllables, no root twice."""
    roots = [split_form(r) for r in nation.roots]
    seen = {r for r, _ in roots}
    made = [h + t for h in nation.head for t in nation.tail]
    made += [h + t + t2 for h in nation.head for t in nation.tail for t2 in nation.tail]
    rng.shuffle(made)
    for root in made:
        if len(roots) >= wanted:
            break
        if root not in seen:
            seen.add(root)
            roots.append((root, ""))
    return roots


def build_vocabulary(seed: int = 1945) -> Vocabulary:
    """The same vocabulary for the same seed, in about a second."""
    rng = random.Random(f"vocabulary:{seed}")
    male, female, nation_of, root_of, root_cyr, suffix_of = [], [], array("B"), [], [], array("B")
    weights: list[float] = []
    seen: set[str] = set()
    for number, nation in enumerate(NATIONS):
        suffixes = [(s.split("/") + [s])[:2] for s, _ in nation.suffixes]
        roots = _roots(nation, rng, nation.vocabulary // len(suffixes) + 1)
        root_weights = _zipf(len(roots), 1.05, 2.0)
        real = len(nation.roots)  # a real root is borne mostly with its first suffix
        entries = []
        for r, ((root, national), rw) in enumerate(zip(roots, root_weights, strict=True)):
            for s, ((male_suffix, female_suffix), (_, suffix_weight)) in enumerate(
                zip(suffixes, nation.suffixes, strict=True)
            ):
                form = _join(root, male_suffix) if male_suffix else root
                if form in seen or len(form) < 3:
                    continue
                seen.add(form)
                female_form = _join(root, female_suffix) if female_suffix else root
                sw = suffix_weight if s == 0 or r >= real else suffix_weight * 0.1
                entries.append((rw * sw, form, female_form, national, root, s, r))
        total = sum(e[0] for e in entries)
        for weight, form, female_form, national, root, s, _ in entries:
            weights.append(nation.share * weight / total)
            male.append(form)
            female.append(female_form)
            nation_of.append(number)
            root_of.append(national)
            root_cyr.append(root)
            suffix_of.append(s)
    given, given_cumulative = [], []
    for nation in NATIONS:
        by_sex, cum_by_sex = [], []
        for names in (nation.male, nation.female):
            forms = [split_form(n) for n in names]
            by_sex.append(forms)
            cum_by_sex.append(list(accumulate(_zipf(len(forms), 1.0, 1.5))))
        given.append(by_sex)
        given_cumulative.append(cum_by_sex)
    return Vocabulary(male, female, nation_of, root_of, root_cyr, suffix_of,
                      list(accumulate(weights)), given, given_cumulative)  # fmt: skip


# Birth years: few before 1895, most 1900–1925 (the conscription years of the war).
BIRTH_YEARS = list(range(1880, 1928))
BIRTH_CUMULATIVE = list(accumulate(
    0.2 if y < 1890 else 0.6 if y < 1895 else 1.0 if y < 1900 else 2.0 if y < 1919 else 2.6
    for y in BIRTH_YEARS))  # fmt: skip
DEATH_YEARS = ["1941", "1942", "1943", "1944", "1945"]
FATES = ["killed_in_action"] * 11 + ["died_of_wounds"] * 3 + ["missing"] * 2 + ["", "partisan"]


class PersonGenerator:
    """Streams person rows (see ID ... YEAR) for a register of `count` persons."""

    def __init__(self, seed: int, count: int, memorials: int, vocabulary: Vocabulary | None):
        self.seed, self.count, self.memorials = seed, count, memorials
        self.vocabulary = vocabulary or build_vocabulary(seed)
        v = self.vocabulary
        # Patronymics made once per (nation, father, sex, style), never per row.
        self.patronymics = [
            [[[patronymic(c, f, style, NATIONS[n].code in SLAVIC) for style in (False, True)]
              for f in (False, True)] for c, _ in v.given[n][0]]
            for n in range(len(NATIONS))
        ]  # fmt: skip
        self.memorial_ids = [f"M-BENCH-{m:06d}" for m in range(1, memorials + 1)]

    def chunk(self, number: int) -> list[tuple]:
        """Rows number*CHUNK .. of the register, made from their own seed."""
        v, rng = self.vocabulary, random.Random(f"persons:{self.seed}:{number}")
        first = number * CHUNK
        size = min(CHUNK, self.count - first)
        if size <= 0:
            return []
        rnd = rng.random
        surnames = rng.choices(range(len(v.male)), cum_weights=v.cumulative, k=size)
        years = rng.choices(BIRTH_YEARS, cum_weights=BIRTH_CUMULATIVE, k=size)
        male, female_forms, nation_of = v.male, v.female, v.nation
        given, given_cum, patronymics = v.given, v.given_cumulative, self.patronymics
        styles = [n.patronymic_style for n in NATIONS]
        memorial_ids, memorial_count = self.memorial_ids, len(self.memorial_ids)
        rows = []
        append = rows.append
        deaths, fates, fate_count = DEATH_YEARS, FATES, len(FATES)
        number = first
        for s, year in zip(surnames, years, strict=True):
            number += 1
            nation = nation_of[s]
            female = rnd() < FEMALE_SHARE
            cums = given_cum[nation]
            cum = cums[female]
            g = bisect(cum, rnd() * cum[-1])
            fathers = cums[0]
            father = bisect(fathers, rnd() * fathers[-1])
            shape = rnd()
            patronymic_text = (
                patronymics[nation][father][female][rnd() < styles[nation]] if shape > 0.1 else ""
            )
            known = rnd()
            if known < 0.05:
                birth, year = "", 0
            elif known < 0.7:
                birth = str(year)
            else:
                birth = f"{year}-{int(known * 120) % 12 + 1:02d}-{int(known * 2800) % 28 + 1:02d}"
            append((
                f"P-NAMES-{number:08d}",
                female_forms[s] if female else male[s],
                given[nation][female][g][0],
                patronymic_text,
                birth,
                deaths[int(shape * 50) % 5],
                fates[int(shape * 1000) % fate_count],
                memorial_ids[int(rnd() * memorial_count)],
                "buried_at",
                nation, female, s, g, father, year,
            ))  # fmt: skip
        return rows

    def __iter__(self) -> Iterator[tuple]:
        for number in range((self.count + CHUNK - 1) // CHUNK):
            yield from self.chunk(number)

    def person(self, index: int) -> tuple:
        """Row `index` (0-based) without making the rows before it."""
        return self.chunk(index // CHUNK)[index % CHUNK]


def write_csvs(folder: Path, seed: int, count: int, memorials: int) -> tuple[Path, Path]:
    """memorials.csv and persons.csv, native format, for `import_csv`; streamed."""
    folder.mkdir(parents=True, exist_ok=True)
    memorial_path, person_path = folder / "memorials.csv", folder / "persons.csv"
    memorial_rows = synthetic_rows.memorial_rows(seed, memorials)
    with memorial_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=synthetic_rows.MEMORIAL_HEADER)
        writer.writeheader()
        writer.writerows(memorial_rows)
    with person_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(PERSON_HEADER)
        generator = PersonGenerator(seed, count, memorials, None)
        for number in range((count + CHUNK - 1) // CHUNK):
            writer.writerows(row[:9] for row in generator.chunk(number))
    return memorial_path, person_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1945)
    parser.add_argument("--stats", action="store_true", help="print the name distribution")
    parser.add_argument("--write", type=Path, help="write memorials.csv and persons.csv here")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    vocabulary = build_vocabulary(args.seed)
    print(f"vocabulary: {len(vocabulary.male):,} distinct surnames, "
          f"{sum(len(g[0]) + len(g[1]) for g in vocabulary.given)} given names, "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    memorials = max(10, args.persons // 50)
    if args.write:
        started = time.perf_counter()
        write_csvs(args.write, args.seed, args.persons, memorials)
        print(f"wrote {args.persons:,} persons in {time.perf_counter() - started:.1f} s")
    if args.stats:
        generator = PersonGenerator(args.seed, args.persons, memorials, vocabulary)
        surnames: Counter[str] = Counter()
        nations: Counter[str] = Counter()
        women = 0
        started = time.perf_counter()
        for row in generator:
            surnames[row[SURNAME_INDEX]] += 1
            nations[NATION_CODES[row[NATION]]] += 1
            women += row[FEMALE]
        seconds = time.perf_counter() - started
        print(f"generated {args.persons:,} rows in {seconds:.1f} s "
              f"({args.persons / seconds:,.0f} rows/s, counting included)")  # fmt: skip
        print(f"distinct surnames drawn: {len(surnames):,}; women {women / args.persons:.1%}")
        print("nations:", ", ".join(f"{k} {v / args.persons:.1%}" for k, v in nations.items()))
        top = ", ".join(f"{vocabulary.male[s]} {c:,}" for s, c in surnames.most_common(12))
        print("commonest:", top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
