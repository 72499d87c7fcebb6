"""Tables for the demo register (memreg.ingest.demo): data only, no logic.

Word lists are whitespace-separated strings so that they stay compact and easy to edit.
"""

from __future__ import annotations

# Faker word lists per name pool: (locale, male surnames, female surnames, patronymics), where
# patronymics are "middle" (Faker's own), "<male> <female>" words after the father's name, or "".
FAKER_POOLS: dict[str, tuple[str, str, str, str]] = {
    "ru": ("ru_RU", "last_names_male", "last_names_female", "middle"),
    "uk": ("uk_UA", "last_names_male", "last_names_female", "middle"),
    "hy_local": ("hy_AM", "last_names", "last_names", ""),
    "ka_local": ("ka_GE", "last_names", "last_names", ""),
    "uz_local": ("uz_UZ", "last_names_male", "last_names_female", "o‘g‘li qizi"),
    "az_local": (
        "az_AZ", "last_names_male last_names_unisex", "last_names_female last_names_unisex",
        "oğlu qızı",
    ),
}  # fmt: skip

# Telling Russian, Belarusian and Ukrainian spellings of a place apart: each language's letters,
# letters and endings that mark it among the three, and a rough romanisation to compare with
# the geonames (Latin) name.
ALPHABETS = {
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя -",
    "be": "абвгдеёжзйклмнопрстуўфхцчшыьэюяі’' -",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя’' -",
}
MARKS = {
    "ru": r"ое$|[^ь]ск(ий|ое|ие)$|цк(ий|ое)$",  # Глубокое, not Глыбокае
    "be": r"[ўі]",
    "uk": r"[їєґ]|[сц]ьк",  # Мінськ is Ukrainian, Мінск Belarusian
}
ROMAN = (
    "а=a б=b в=v г=g ґ=g д=d е=e ё=yo є=ye ж=zh з=z и=i і=i ї=yi й=y к=k л=l м=m н=n о=o п=p"
    " р=r с=s т=t у=u ў=w ф=f х=kh ц=ts ч=ch ш=sh щ=shch ы=y э=e ю=yu я=ya"
)
ROMAN_SOUTH = "г=h и=y"  # Belarusian and Ukrainian romanisation: Hrodna, Velykyi

# Share of memorials per country: the register's first users are Belarus and Russia.
COUNTRY_WEIGHTS: dict[str, float] = {
    "BY": 30, "RU": 34, "UA": 18, "KZ": 4, "MD": 2, "UZ": 3, "AZ": 2,
    "AM": 1.5, "GE": 1.5, "KG": 1.2, "TJ": 1.2, "TM": 0.6,
}  # fmt: skip

# Countries where the war was fought on the ground; the others were the rear.
FRONT_COUNTRIES = frozenset({"BY", "RU", "UA", "MD"})

# Months of heavy fighting on each front country's territory ("first:last,...").
FRONT_MONTHS: dict[str, str] = {
    "BY": "1941-06:1941-09,1943-09:1944-08",
    "RU": "1941-07:1943-08,1944-01:1944-02",
    "UA": "1941-06:1941-12,1942-05:1942-07,1943-02:1944-10",
    "MD": "1941-06:1941-08,1944-03:1944-08",
}

# Each line: country, then ISO 3166-2 suffix = geonames name of a city inside that region.
# The city's geonames admin1 code is mapped to the ISO code (see demo._region_by_admin1).
REGION_ANCHORS = """
BY BR=Brest|HM=Minsk|HO=Homyel'|HR=Hrodna|MA=Mahilyow|MI=Barysaw|VI=Vitebsk
RU AD=Maykop|AL=Gorno-Altaysk|ALT=Barnaul|AMU=Blagoveshchensk|ARK=Arkhangel’sk|AST=Astrakhan
RU BA=Ufa|BEL=Belgorod|BRY=Bryansk|BU=Ulan-Ude|CE=Grozny|CHE=Chelyabinsk|CHU=Anadyr
RU CU=Cheboksary|DA=Makhachkala|IN=Nazran|IRK=Irkutsk|IVA=Ivanovo|KAM=Petropavlovsk-Kamchatsky
RU KB=Nalchik|KC=Cherkessk|KDA=Krasnodar|KEM=Kemerovo|KGD=Kaliningrad|KGN=Kurgan|KHA=Khabarovsk
RU KHM=Surgut|KIR=Kirov|KK=Abakan|KL=Elista|KLU=Kaluga|KO=Syktyvkar|KOS=Kostroma
RU KR=Petrozavodsk|KRS=Kursk|KYA=Krasnoyarsk|LEN=Gatchina|LIP=Lipetsk|MAG=Magadan
RU ME=Yoshkar-Ola|MO=Saransk|MOS=Podolsk|MOW=Moscow|MUR=Murmansk|NEN=Narian-Mar
RU NGR=Velikiy Novgorod|NIZ=Nizhniy Novgorod|NVS=Novosibirsk|OMS=Omsk|ORE=Orenburg|ORL=Orël
RU PER=Perm|PNZ=Penza|PRI=Vladivostok|PSK=Pskov|ROS=Rostov-on-Don|RYA=Ryazan’|SA=Yakutsk
RU SAK=Yuzhno-Sakhalinsk|SAM=Samara|SAR=Saratov|SE=Vladikavkaz|SMO=Smolensk
RU SPE=Saint Petersburg|STA=Stavropol|SVE=Yekaterinburg|TA=Kazan|TAM=Tambov|TOM=Tomsk
RU TUL=Tula|TVE=Tver|TY=Kyzyl|TYU=Tyumen|UD=Izhevsk|ULY=Ulyanovsk|VGG=Volgograd
RU VLA=Vladimir|VLG=Vologda|VOR=Voronezh|YAN=Salekhard|YAR=Yaroslavl|YEV=Birobidzhan|ZAB=Chita
UA 71=Cherkasy|74=Chernihiv|77=Chernivtsi|12=Dnipro|14=Donetsk|26=Ivano-Frankivsk|63=Kharkiv
UA 65=Kherson|68=Khmelnytskyi|35=Kropyvnytskyi|43=Simferopol|30=Kyiv|32=Bila Tserkva
UA 09=Luhansk|46=Lviv|48=Mykolayiv|51=Odesa|53=Poltava|56=Rivne|40=Sevastopol|59=Sumy
UA 61=Ternopil|05=Vinnytsya|07=Lutsk|21=Uzhhorod|23=Zaporizhzhya|18=Zhytomyr
KZ 10=Semey|11=Kokshetau|15=Aktobe|19=Konayev|23=Atyrau|27=Oral|31=Taraz|33=Taldykorgan
KZ 35=Karagandy|39=Kostanay|43=Kyzylorda|47=Aktau|55=Pavlodar|59=Petropavl|61=Turkistan
KZ 62=Zhezqazghan|63=Ust-Kamenogorsk|71=Astana|75=Almaty|79=Shymkent
AM AG=Ashtarak|AR=Artashat|AV=Armavir|GR=Gavar|KT=Hrazdan|LO=Vanadzor|SH=Gyumri|SU=Kapan
AM TV=Ijevan|VD=Yeghegnadzor|ER=Yerevan
AZ BA=Baku|ABS=Khirdalan|GA=Ganja|SM=Sumgayit|MI=Mingachevir|SR=Şirvan|NX=Naxçıvan|SA=Sheki
AZ SAK=Baş Göynük|AGC=Aghjabadi|AGM=Aghdam|AGS=Ağdaş|AGA=Aghstafa|AGU=Aghsu|AST=Astara
AZ BAL=Belokany|BAR=Barda|BEY=Beylagan|CAB=Jabrayil|CAL=Jalilabad|DAS=Dashkasan|FUZ=Fuzuli
AZ GAD=Gadabay|GOR=Goranboy|GOY=Göyçay|HAC=Hacıqabul|IMI=Imishli|ISM=Ismayilli|KAL=Kalbajar
AZ KUR=Kyurdarmir|LAC=Laçın|LER=Lerik|MAS=Masally|NA=Naftalan|NEF=Neftçala|OGU=Oğuz
AZ QAB=Qabala|QAX=Qax|QAZ=Gazakh|QOB=Gobustan|QBA=Quba|QBI=Qubadlı|QUS=Qusar|SAT=Saatlı
AZ SAB=Sabirabad|SAL=Salyan|SMI=Shamakhi|SKR=Shamkhir|SMX=Samukh|SIY=Siyazan|SUS=Shusha
AZ TAR=Tartar|TOV=Tovuz|UCA=Ujar|XAC=Xaçmaz|XA=Khankendi|GYG=Goygol|XIZ=Gilazi|XCI=Khojaly
AZ XVD=Khojavend|YAR=Yardımlı|YE=Yevlakh|YEV=Aran|ZAN=Zangilan|ZAQ=Zaqatala|ZAR=Zardob
AZ SBN=Divichibazar|BIL=Pushkino
KG GB=Bishkek|C=Tokmok|J=Tash-Kumyr|N=Naryn|T=Talas|Y=Karakol|O=Uzgen|GO=Osh|B=Batken
MD CU=Chisinau|GA=Comrat|SN=Tiraspol|AN=Anenii Noi|BA=Bălţi|BS=Basarabeasca|BD=Bender
MD CA=Cahul|CT=Cantemir|CL=Călăraşi|CS=Căuşeni|CM=Cimişlia|CR=Criuleni|DR=Drochia|DU=Cocieri
MD ED=Edineţ|FA=Fălești|FL=Floreşti|GL=Glodeni|HI=Hînceşti|IA=Ialoveni|LE=Leova|NI=Nisporeni
MD OC=Ocniţa|OR=Orhei|RE=Rezina|RI=Rîşcani|SI=Sîngerei|SD=Şoldăneşti|SO=Soroca|SV=Ştefan Vodă
MD ST=Strășeni|TA=Taraclia|TE=Teleneşti|UN=Ungheni|DO=Donduşeni
TJ GB=Khorugh|KT=Bokhtar|SU=Khujand|DU=Dushanbe|RA=Vahdat
UZ AN=Andijon|BU=Bukhara|FA=Fergana|XO=Urganch|NG=Namangan|NW=Navoiy|QA=Qarshi|QR=Nukus
UZ SA=Samarkand|SU=Tirmiz|TK=Tashkent|TO=Angren|JI=Jizzax|SI=Guliston
GE AB=Sokhumi|AJ=Batumi|TB=Tbilisi|GU=Ozurgeti|IM=Kutaisi|KA=Telavi|KK=Rustavi|MM=Mtskheta
GE RL=Ambrolauri|SZ=Zugdidi|SJ=Akhaltsikhe|SK=Gori
TM A=Tejen|B=Balkanabat|D=Daşoguz|L=Türkmenabat|M=Mary|S=Ashgabat
"""

# (weight, kind, theme, front-only?, ru, be, uk, en). Themes decide who lies there:
# soldiers, mixed (soldiers and partisans), partisans, civilians, captives, hospital,
# villagers (locals killed at the front), unknown (an unnamed soldier).
TEMPLATES: list[tuple[float, str, str, bool, str, str, str, str]] = [
    (30, "mass_grave", "soldiers", True, "Братская могила советских воинов",
     "Брацкая магіла савецкіх воінаў", "Братська могила радянських воїнів",
     "Mass grave of Soviet soldiers"),
    (8, "mass_grave", "mixed", True, "Братская могила советских воинов и партизан",
     "Брацкая магіла савецкіх воінаў і партызан", "Братська могила радянських воїнів і партизанів",
     "Mass grave of Soviet soldiers and partisans"),
    (4, "mass_grave", "partisans", True, "Братская могила партизан", "Брацкая магіла партызан",
     "Братська могила партизанів", "Mass grave of partisans"),
    (6, "mass_grave", "civilians", True, "Братская могила мирных жителей",
     "Брацкая магіла мірных жыхароў", "Братська могила мирних жителів", "Mass grave of civilians"),
    (3, "mass_grave", "civilians", True, "Братская могила жертв фашизма",
     "Брацкая магіла ахвяр фашызму", "Братська могила жертв фашизму",
     "Mass grave of victims of fascism"),
    (2, "mass_grave", "captives", True, "Братская могила военнопленных",
     "Брацкая магіла ваеннапалонных", "Братська могила військовополонених",
     "Mass grave of prisoners of war"),
    (5, "mass_grave", "hospital", False, "Братская могила воинов, умерших от ран в госпиталях",
     "Брацкая магіла воінаў, якія памерлі ад ран у шпіталях",
     "Братська могила воїнів, що померли від ран у шпиталях",
     "Mass grave of soldiers who died of wounds in hospitals"),
    (2, "individual_grave", "unknown", True, "Могила неизвестного солдата",
     "Магіла невядомага салдата", "Могила невідомого солдата", "Grave of an unknown soldier"),
    (3, "individual_grave", "soldiers", True, "Могила советского воина", "Магіла савецкага воіна",
     "Могила радянського воїна", "Grave of a Soviet soldier"),
    (1, "individual_grave", "partisans", True, "Могила партизана", "Магіла партызана",
     "Могила партизана", "Grave of a partisan"),
    (1, "individual_grave", "soldiers", False, "Могила Героя Советского Союза",
     "Магіла Героя Савецкага Саюза", "Могила Героя Радянського Союзу",
     "Grave of a Hero of the Soviet Union"),
    (2, "war_cemetery", "soldiers", True, "Воинское кладбище", "Вайсковыя могілкі",
     "Військове кладовище", "War cemetery"),
    (1, "war_cemetery", "soldiers", False, "Мемориальное воинское кладбище",
     "Мемарыяльныя вайсковыя могілкі", "Меморіальне військове кладовище", "Memorial war cemetery"),
    (2, "war_cemetery", "hospital", False, "Кладбище воинов, умерших в госпиталях",
     "Могілкі воінаў, якія памерлі ў шпіталях", "Кладовище воїнів, що померли у шпиталях",
     "Cemetery of soldiers who died in hospitals"),
    (0.5, "war_cemetery", "captives", True, "Кладбище военнопленных", "Могілкі ваеннапалонных",
     "Кладовище військовополонених", "Cemetery of prisoners of war"),
    (1.5, "memorial_complex", "soldiers", False, "Мемориальный комплекс «Скорбящая мать»",
     "Мемарыяльны комплекс «Смуткуючая маці»", "Меморіальний комплекс «Скорботна мати»",
     'Memorial complex "Grieving Mother"'),
    (1, "memorial_complex", "soldiers", True, "Мемориальный комплекс воинам-освободителям",
     "Мемарыяльны комплекс воінам-вызваліцелям", "Меморіальний комплекс воїнам-визволителям",
     "Memorial complex to the liberating soldiers"),
    (0.7, "memorial_complex", "civilians", True, "Мемориальный комплекс на месте сожжённой деревни",
     "Мемарыяльны комплекс на месцы спаленай вёскі",
     "Меморіальний комплекс на місці спаленого села",
     "Memorial complex at the site of a burned village"),
    (0.5, "memorial_complex", "partisans", True, "Мемориальный комплекс партизанской славы",
     "Мемарыяльны комплекс партызанскай славы", "Меморіальний комплекс партизанської слави",
     "Memorial complex of partisan glory"),
    (7, "monument", "villagers", False, "Памятник погибшим землякам", "Помнік загінуўшым землякам",
     "Пам’ятник загиблим землякам", "Monument to fallen fellow villagers"),
    (3, "monument", "soldiers", True, "Памятник воинам-освободителям", "Помнік воінам-вызваліцелям",
     "Пам’ятник воїнам-визволителям", "Monument to the liberating soldiers"),
    (1.5, "monument", "partisans", True, "Памятник партизанам", "Помнік партызанам",
     "Пам’ятник партизанам", "Monument to the partisans"),
    (6, "obelisk", "villagers", False, "Обелиск погибшим землякам", "Абеліск загінуўшым землякам",
     "Обеліск загиблим землякам", "Obelisk to fallen fellow villagers"),
    (3, "obelisk", "soldiers", True, "Обелиск воинам-освободителям", "Абеліск воінам-вызваліцелям",
     "Обеліск воїнам-визволителям", "Obelisk to the liberating soldiers"),
    (2, "sculpture", "villagers", False, "Скульптура «Скорбящая мать»",
     "Скульптура «Смуткуючая маці»", "Скульптура «Скорботна мати»", 'Sculpture "Grieving Mother"'),
    (2, "sculpture", "soldiers", True, "Скульптура «Воин-освободитель»",
     "Скульптура «Воін-вызваліцель»", "Скульптура «Воїн-визволитель»",
     'Sculpture "Soldier-Liberator"'),
    (3, "plaque", "villagers", False, "Мемориальная доска в память о погибших земляках",
     "Мемарыяльная дошка ў памяць аб загінуўшых земляках",
     "Меморіальна дошка на пам’ять про загиблих земляків",
     "Memorial plaque to fallen fellow villagers"),
    (2, "plaque", "soldiers", True, "Мемориальная доска в честь воинов-освободителей",
     "Мемарыяльная дошка ў гонар воінаў-вызваліцеляў",
     "Меморіальна дошка на честь воїнів-визволителів",
     "Memorial plaque to the liberating soldiers"),
    (1.5, "other", "civilians", True, "Памятный знак на месте сожжённой деревни",
     "Памятны знак на месцы спаленай вёскі", "Пам’ятний знак на місці спаленого села",
     "Memorial sign at the site of a burned village"),
    (1.5, "other", "villagers", False, "Памятный знак погибшим землякам",
     "Памятны знак загінуўшым землякам", "Пам’ятний знак загиблим землякам",
     "Memorial sign to fallen fellow villagers"),
]  # fmt: skip

# Name pools drawn for soldiers buried in a country (the whole USSR fought everywhere) and
# for local people (civilians, partisans, fellow villagers). Keys are pools in demo._POOLS.
SOLDIER_ORIGINS: dict[str, dict[str, float]] = {
    "BY": {"ru": 52, "by": 14, "uk": 14, "tt": 4, "kz": 4, "uz": 3, "az": 2, "am": 2, "ge": 2,
           "kg": 1, "tj": 1, "md": 1},
    "RU": {"ru": 62, "uk": 11, "by": 4, "tt": 6, "kz": 4, "uz": 4, "az": 2, "am": 2, "ge": 2,
           "kg": 1, "tj": 1, "md": 1},
    "UA": {"uk": 55, "ru": 30, "by": 3, "tt": 3, "kz": 3, "uz": 3, "az": 1, "am": 1, "ge": 1},
    "MD": {"ru": 45, "uk": 25, "md": 15, "by": 4, "kz": 4, "uz": 4, "tt": 3},
    "KZ": {"kz": 40, "ru": 40, "uk": 10, "tt": 5, "uz": 5},
    "UZ": {"uz_local": 35, "uz": 20, "ru": 35, "tt": 5, "kz": 5},
    "KG": {"kg": 45, "ru": 40, "uz": 10, "kz": 5},
    "TJ": {"tj": 50, "ru": 35, "uz": 15},
    "TM": {"tm": 55, "ru": 40, "uz": 5},
    "AZ": {"az_local": 70, "az": 10, "ru": 15, "am": 5},
    "AM": {"hy_local": 80, "am": 5, "ru": 15},
    "GE": {"ka_local": 80, "ge": 5, "ru": 15},
}  # fmt: skip
LOCAL_ORIGINS: dict[str, dict[str, float]] = {
    "BY": {"by": 70, "ru": 30}, "RU": {"ru": 85, "tt": 10, "uk": 5}, "UA": {"uk": 90, "ru": 10},
    "MD": {"md": 70, "ru": 20, "uk": 10}, "KZ": {"kz": 60, "ru": 30, "uk": 10},
    "UZ": {"uz_local": 80, "ru": 20}, "KG": {"kg": 75, "ru": 25}, "TJ": {"tj": 85, "ru": 15},
    "TM": {"tm": 85, "ru": 15}, "AZ": {"az_local": 90, "ru": 10}, "AM": {"hy_local": 95, "ru": 5},
    "GE": {"ka_local": 95, "ru": 5},
}  # fmt: skip

# Russian-spelled names as Soviet records wrote them: (surnames, male given, female given).
RUSSIFIED_NAMES: dict[str, tuple[str, str, str]] = {
    "by": (
        "Новик Ковалевич Шиманович Лукашевич Климович Ярошевич Пашкевич Кухарчик Бабич Жук"
        " Мельник Шевчук Козловский Новицкий Василевич Романович Сидоревич Карпович Ковалёнок"
        " Мацкевич Зеленкевич Адамович Лещинский Гурин Шпак Тарасевич Статкевич Богданович Бурак"
        " Дубовик Станкевич Рудько Жданович Литвинчук Гайдукевич Кузьмич Ковальчук Русакович"
        " Кравченко Ракович Лапицкий Громыко Хурсевич Волчек Санько Мороз Якубович Грищенко",
        "",
        "",
    ),
    "tt": (
        "Хайруллин Галиев Сафин Закиров Гарипов Хабибуллин Валиев Шарипов Гилязов Мухаметшин"
        " Ахметзянов Садыков Исмагилов Зарипов Нуриев Фаттахов Ибрагимов Гайнуллин Каримов",
        "Ахмет Габдулла Рашит Нурулла Мансур Гариф Зуфар Ильяс Камиль Марат Салих Фатых Хамит",
        "Гульнара Фатима Зайнаб Рашида Сания Галия",
    ),
    "kz": (
        "Ахметов Жумабаев Сейткалиев Нурпеисов Абдрахманов Касымов Байжанов Омаров Искаков"
        " Тулегенов Жаксыбеков Сагындыков Мусин Ержанов Калиев Кенжебаев Есенов Бекмуханов",
        "Абай Ахмет Бакыт Ержан Жумабек Канат Кайрат Мухтар Нурлан Серик Султан Талгат Тулеген"
        " Ермек Амангельды Сабит Касым",
        "Айгуль Гульнар Жанар Сауле Алия Бибигуль",
    ),
    "uz": (
        "Юсупов Каримов Рахимов Абдуллаев Ташматов Усманов Мирзаев Хакимов Турсунов Султанов"
        " Эргашев Назаров Холматов Раджабов Мухамедов Умаров Исмаилов Ахмедов Жураев Саидов",
        "Абдулла Ахмад Бахтияр Ибрагим Карим Мирза Рахим Рустам Салим Тахир Турсун Умар Хаким"
        " Шавкат Эргаш Юсуп Алишер Камол",
        "Гулнора Дилбар Зулфия Малика Нигора Саодат",
    ),
    "kg": (
        "Абдыкадыров Асанов Джумабаев Исаков Кадыров Мамытов Осмонов Сатыбалдиев Токтогулов"
        " Усенов Эсенбаев Бекташев Айдарбеков Жолдошев Турдубаев Керимбаев",
        "Асан Бакыт Жумабек Исак Калык Мамыт Осмон Токтогул Усен Чолпонбек Эсен Мукаш Турдубек",
        "Айнура Гульмира Бурул Жылдыз",
    ),
    "tj": (
        "Рахмонов Назаров Саидов Шарипов Каримов Холов Сафаров Мирзоев Давлатов Одинаев Набиев"
        " Кодиров Латифов Хайдаров Гафуров Юсуфов",
        "Абдулло Бахром Давлат Джура Карим Латиф Мирзо Назар Рахмон Сайд Сафар Хайдар Шариф Юсуф"
        " Гафур",
        "Гулчехра Зарина Мехри Нигина",
    ),
    "tm": (
        "Аннаев Бердыев Гельдыев Овезов Мурадов Нурыев Ходжаев Атаев Чарыев Курбанов Реджепов"
        " Язмурадов Ораздурдыев Байрамов",
        "Анна Байрам Берды Гельды Курбан Мурад Нурмухаммед Овез Ораз Реджеп Чары Ходжа Ата",
        "Огульджан Бахар Джерен Айна",
    ),
    "az": (
        "Мамедов Алиев Гусейнов Гасанов Исмаилов Керимов Багиров Рагимов Джафаров Ахмедов Велиев"
        " Рзаев Кулиев Сулейманов Абдуллаев Бабаев Мусаев Ширинов",
        "Али Мамед Гусейн Гасан Исмаил Керим Рагим Джафар Ахмед Вели Рза Кули Сулейман Аббас"
        " Бахтияр Фарид Наджаф",
        "Айгюн Гюльнара Севиль Зейнаб Фатма",
    ),
    "am": (
        "Петросян Саркисян Арутюнян Акопян Григорян Оганесян Манукян Мартиросян Карапетян"
        " Аветисян Багдасарян Хачатрян Геворкян Мкртчян Симонян Варданян Степанян Габриелян",
        "Ашот Арам Арташес Ваган Ваграм Гурген Карапет Левон Мартирос Микаел Норайр Рубен Самвел"
        " Саркис Тигран Хачатур Акоп Грант",
        "Анаит Гаяне Сирануш Армине Лусине Гоар",
    ),
    "ge": (
        "Беридзе Капанадзе Гелашвили Майсурадзе Гиоргадзе Ломидзе Джапаридзе Церетели Бакрадзе"
        " Чхеидзе Мчедлишвили Надарая Цулая Шенгелия Гогуа Абашидзе Квирикашвили Микеладзе",
        "Автандил Акакий Георгий Гиви Давид Зураб Илья Ираклий Леван Нодар Отар Реваз Шалва"
        " Тенгиз Вахтанг Гурам Мераб",
        "Нино Тамара Кетеван Манана Этери Натела",
    ),
    "md": (
        "Чебан Русу Мунтяну Чобану Гуцу Лупу Кожокару Морару Ботнару Урсу Попеску Балан Бурлаку"
        " Цуркан Гуцул Сырбу Рошка Попа Стратан",
        "Ион Василе Георге Штефан Думитру Михаил Николае Петру Тудор Григоре Константин Игнат",
        "Мария Елена Ана Иоана Вероника",
    ),
}

# (weight, status): most memorials stand; some were moved to a bigger grave or lost.
STATUSES: list[tuple[float, str]] = [
    (86, "standing"), (4, "damaged"), (4, "relocated"), (2, "destroyed"), (2, "demolished"),
    (2, "lost"),
]  # fmt: skip

# Relative number of names per memorial kind (individual graves get one or two).
KIND_SIZE: dict[str, float] = {
    "mass_grave": 1.0, "war_cemetery": 4.0, "memorial_complex": 3.0, "monument": 0.5,
    "obelisk": 0.5, "sculpture": 0.3, "plaque": 0.2, "other": 0.3,
}  # fmt: skip

# (weight, rank) for soldiers, as Soviet loss records write them.
RANKS: list[tuple[float, str]] = [
    (30, "красноармеец"), (24, "рядовой"), (5, "ефрейтор"), (6, "младший сержант"),
    (7, "сержант"), (4, "старший сержант"), (2, "старшина"), (3.5, "младший лейтенант"),
    (4.5, "лейтенант"), (3, "старший лейтенант"), (1.8, "капитан"), (0.8, "майор"),
    (0.3, "подполковник"), (0.15, "полковник"), (2, "гвардии рядовой"), (1, "гвардии сержант"),
    (0.5, "гвардии лейтенант"), (0.6, "краснофлотец"), (0.5, "политрук"),
    (0.3, "младший политрук"), (0.3, "военфельдшер"), (5, ""),
]  # fmt: skip

# (weight, fate) per theme.
FATES: dict[str, list[tuple[float, str]]] = {
    "soldiers": [(72, "killed_in_action"), (14, "died_of_wounds"), (4, "missing"),
                 (2, "died_of_disease"), (2, "died_in_captivity"), (5, "unknown"), (1, "other")],
    "mixed": [(55, "killed_in_action"), (10, "died_of_wounds"), (25, "partisan"),
              (5, "executed"), (5, "unknown")],
    "partisans": [(70, "partisan"), (12, "killed_in_action"), (10, "executed"), (5, "unknown"),
                  (3, "other")],
    "civilians": [(75, "civilian_victim"), (20, "executed"), (3, "unknown"), (2, "other")],
    "captives": [(85, "died_in_captivity"), (8, "died_of_disease"), (5, "executed"),
                 (2, "unknown")],
    "hospital": [(70, "died_of_wounds"), (25, "died_of_disease"), (5, "other")],
    "villagers": [(55, "killed_in_action"), (30, "missing"), (8, "died_of_wounds"),
                  (4, "died_in_captivity"), (3, "unknown")],
    "unknown": [(100, "unknown")],
}  # fmt: skip

# Share of women among the people of each theme.
FEMALE_SHARE: dict[str, float] = {
    "soldiers": 0.02, "mixed": 0.06, "partisans": 0.15, "civilians": 0.5, "captives": 0.0,
    "hospital": 0.03, "villagers": 0.04, "unknown": 0.0,
}  # fmt: skip
