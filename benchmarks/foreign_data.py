"""Agency extracts we did not design the linker around: two generators for the quality harness.

Neither shares code, name lists or noise model with `joinedup.synthetic`. Each returns
`(frame, truth)`: `frame` in the linkage contract (all text), `truth` the person behind each row.

* `agencies`: seven agencies of a mixed UK town, heavier and other noise than ours: dates of
  birth missing in about 1 record in 10, a typo in about 1 name in 10 (sometimes both names),
  first and last names swapped, day and month swapped, 1 January placeholders, near dates (a day
  or a month off, a year digit), married and alias surnames, several records of one person in
  the same agency, postcodes missing, moved or 'NFA', NHS numbers only in health agencies.
  Written record by record with `random.Random`.
* `population`: another population (mostly names from Poland, Romania, Somalia, Pakistan,
  India, Nigeria, China, Vietnam, Portugal and Lithuania) in extracts with only names, date of
  birth and postcode: transliteration variants (Mohammed, Muhammad, Mohamed), a second given
  name kept or dropped, family name first, American month/day dates, diacritics lost, typos.
  Written column by column with numpy.
"""

import random
import string
from datetime import date, timedelta

import numpy as np
import pandas as pd

COLUMNS = [
    "source",
    "source_id",
    "first_name",
    "last_name",
    "date_of_birth",
    "sex",
    "postcode",
    "nhs_number",
]


def _names(text: str) -> list[str]:
    return text.split()


# A mixed UK town: common British names, and the names of its larger communities.
MALE = _names("""
Jack Oliver Harry George Charlie Jacob Thomas Noah William Oscar James Leo Alfie Henry Joshua
Freddie Archie Ethan Isaac Alexander Joseph Edward Samuel Max Logan Lucas Daniel Theo Arthur
Mohammed Adam Dylan Riley Zachary Tyler Lewis Jake Connor Callum Kyle Liam Ryan Jordan Nathan
Aaron Shane Wayne Dean Lee Craig Darren Stuart Neil Gareth Ian Keith Trevor Barry Colin Graham
Derek Terry Gordon Martin Philip Carl Jason Mark Scott Adrian Russell Glenn Hamza Bilal Imran
Tariq Kwame Kofi Tomasz Piotr Marek Andrei Florin Declan Ciaran Rhys Owen Dafydd Euan Hamish
Finlay Rory Kieran Brandon Jamie Reece Luke Marcus Ashley Jermaine Delroy Winston
""")
FEMALE = _names("""
Olivia Amelia Isla Ava Emily Sophia Grace Mia Poppy Ella Lily Evie Isabella Sophie Ivy Freya
Harper Willow Daisy Phoebe Florence Sienna Ruby Chloe Jessica Charlotte Lucy Megan Hannah
Lauren Rebecca Bethany Amy Kirsty Stacey Leanne Gemma Kelly Donna Tracey Sharon Julie Karen
Nicola Michelle Joanne Claire Lisa Dawn Mandy Wendy Carol Janet Pauline Brenda Maureen Sandra
Denise Yvonne Jacqueline Ayesha Fatima Zainab Maryam Nadia Amina Shabana Abena Ama Agnieszka
Katarzyna Ioana Elena Siobhan Aoife Niamh Cerys Seren Eilidh Morag Shona Kayleigh Chantelle
Demi Jade Paige Courtney Shannon Tia Leah Abigail Naomi Marcia Beverley
""")
SURNAMES = _names("""
Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker
White Roberts Green Hall Wood Jackson Clarke Patel Khan Lewis James Phillips Mason Mitchell
Rose Davis Rodriguez Cox Alexander Morris Hughes Edwards Turner Harris Martin Cooper Hill Ward
Moore King Baker Harrison Morgan Allen Young Scott Carter Watson Parker Bennett Shaw Lloyd
Ellis Murray Kelly Griffiths Marshall Hussain Ali Ahmed Begum Mahmood Iqbal Rahman Akhtar Shah
Mensah Owusu Boateng Adeyemi Okonkwo Nowak Kowalczyk Wisniewski Popescu Ionescu Murphy Byrne
Doyle OConnor Gallagher Quinn McDonald Campbell Stewart Reid Fraser Ross Henderson Paterson
Duncan Hamilton Graham Kennedy Cameron Sinclair Hartley Pickles Barraclough Sutcliffe Ackroyd
Greenwood Holroyd Crossley Haigh Firth Hirst Priestley Gledhill Midgley Whiteley Horsfall
Dyson Lockwood Broadbent Armitage Schofield Brook Hemingway Booth Bairstow Butterfield Feather
Illingworth Laycock Normanton Oldroyd Rushworth Sugden Thackray Ackerley Beevers Cawthorne
Denby Eastwood Farrar Gaukroger Hinchliffe Jagger Kershaw Lumb Mallinson Naylor Ogden Pollard
Ramsden Stansfield Tetley Uttley Verity Walsh Yeadon
""")
SYLLABLES = _names("""
ash brad bur cal cot dal den dun far fen gar hal ham hol kirk lan ley mar mel mor nor oak pen
rad ros sal shel stan thorn wal wel wick win wor
""")
ENDINGS = ["ton", "ley", "by", "field", "wood", "shaw", "worth", "ham", "den", "er", "ford"]

# Another population: given names by sex and family names, by origin.
ORIGINS = {
    "polish": (
        "Łukasz Paweł Michał Krzysztof Wojciech Grzegorz Jakub Mateusz Kamil Bartosz Dawid "
        "Tomasz Piotr Marcin Adam Andrzej Rafał Sebastian Szymon Filip Dominik Adrian Maciej "
        "Patryk Hubert Oskar Wiktor Artur Jacek Robert Marek",
        "Małgorzata Agnieszka Katarzyna Joanna Magdalena Dorota Ewa Aleksandra Zofia Natalia "
        "Anna Monika Marta Karolina Paulina Justyna Beata Iwona Renata Weronika Wiktoria "
        "Julia Maja Oliwia Izabela Sylwia Edyta Grażyna Halina Ilona",
        "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański "
        "Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski "
        "Grabowski Wróbel Kaczmarek Piotrowicz Michalski Nowicki Adamczyk Dudek Zając "
        "Wieczorek Jabłoński Król Majewski Olszewski Jaworski Malinowski Pawlak Witkowski "
        "Walczak Stępień Górski Rutkowski Sikora Baran Ostrowski",
    ),
    "romanian": (
        "Andrei Mihai Ionuț Bogdan Florin Cătălin Adrian Marius Gheorghe Vasile Sorin "
        "Alexandru Constantin Dan Daniel Ovidiu Radu Cristian Lucian Nicolae Ștefan Vlad "
        "Sergiu Cosmin Iulian Petru Dorin Liviu Emil Razvan Tudor",
        "Ioana Elena Maria Andreea Mihaela Cristina Gabriela Alexandra Roxana Simona Ana "
        "Diana Raluca Oana Irina Alina Bianca Camelia Daniela Larisa Loredana Monica Nicoleta "
        "Ramona Valentina Florentina Georgiana Adriana Corina Iuliana",
        "Popescu Ionescu Popa Stan Dumitru Stoica Gheorghiu Matei Ciobanu Munteanu Constantin "
        "Moldovan Lazăr Rusu Florea Dinu Barbu Niculescu Radu Tudor Dobre Nistor Oprea Pop "
        "Marin Mocanu Ene Sima Voicu Neagu Enache Anghel Preda Toma Manea Tănase Cristea "
        "Lungu Diaconu Iordache",
    ),
    "somali": (
        "Abdirahman Abdullahi Mohamed Ahmed Hassan Hussein Abdi Farah Omar Yusuf Ismail Mahad "
        "Abdikarim Abdiaziz Abdiqani Bashir Liban Said Ali Khalid Mukhtar Abdiwali Hamza "
        "Zakariye Ayanle Nuur Jibril Guleid Sharmarke Ilyas Bile",
        "Hodan Fadumo Ayaan Hawa Sahra Khadra Ubah Asha Nimco Ikran Ifrah Amran Fartun Halima "
        "Deeqa Sagal Sucaad Ladan Najma Muna Roda Hibo Sadia Farhiya Idil Maryan Safiya Hamdi "
        "Ruqiya Kaltun Anab",
        "Mohamed Ahmed Ali Hassan Abdi Farah Warsame Jama Osman Nur Aden Dahir Guled Hersi "
        "Egal Samatar Duale Mohamud Abdullahi Ibrahim Yusuf Ismail Hussein Elmi Gedi Roble "
        "Barre Shire Haji Isse Adan Aw-Ali Dirie Hirsi Yasin",
    ),
    "pakistani": (
        "Muhammad Mohammed Ahmed Usman Bilal Imran Asif Zeeshan Kamran Faisal Waqas Adnan Ali "
        "Hassan Hamza Umar Abdul Tariq Shahid Naveed Rizwan Sajid Junaid Arshad Nadeem Khalid "
        "Shoaib Irfan Yasir Zahid Raheel Danish",
        "Ayesha Fatima Sana Saima Nazia Rubina Shazia Farzana Bushra Nasreen Samina Hina Amna "
        "Zainab Mehwish Sadia Uzma Kiran Rabia Nadia Shabana Tahira Asma Iqra Maria Sidra "
        "Anum Mahnoor Hira Sobia Parveen",
        "Khan Hussain Ahmed Ali Iqbal Akhtar Mahmood Aslam Rashid Butt Chaudhry Malik Qureshi "
        "Sheikh Mirza Raja Bibi Anwar Javed Siddiqui Awan Abbasi Bhatti Shah Hameed Arshad "
        "Nawaz Rehman Saleem Hanif Tariq Yousaf Zaman Latif Ashraf Karim Bashir Raza",
    ),
    "indian": (
        "Rajesh Sanjay Amit Vikram Arjun Rahul Suresh Harjit Gurpreet Manoj Deepak Anil Ajay "
        "Vijay Ravi Sunil Ramesh Prakash Kiran Ashok Naveen Rohit Sandeep Jaswinder Kuldeep "
        "Balwinder Sukhdev Rajinder Nitin Hitesh Jignesh",
        "Priya Anjali Sunita Kavita Pooja Neha Harpreet Manjit Rupinder Deepa Lakshmi Asha "
        "Meena Geeta Rekha Seema Anita Nisha Shilpa Divya Swati Jaspreet Kulwant Gurinder "
        "Sukhwinder Bhavna Hetal Nikita Komal Sonal Usha",
        "Patel Singh Sharma Kaur Gill Sandhu Shah Mistry Joshi Kumar Desai Mehta Chauhan "
        "Bhatt Parmar Sidhu Dhillon Grewal Reddy Nair Iyer Rao Pillai Verma Gupta Agarwal "
        "Malhotra Kapoor Bains Johal Atwal Sahota Thind Dhaliwal Rai Chopra Bhatia Saini "
        "Trivedi",
    ),
    "nigerian": (
        "Chinedu Oluwaseun Emeka Tunde Obinna Adebayo Chukwuma Ifeanyi Babatunde Uche Olumide "
        "Kayode Segun Femi Gbenga Chidi Nnamdi Ikenna Kelechi Emmanuel Samuel Daniel Tobi "
        "Dapo Kunle Yusuf Abubakar Usman Sani Chibueze",
        "Chioma Ngozi Folake Adaeze Funmilayo Oluwakemi Nkechi Bukola Ifeoma Yetunde Aisha "
        "Blessing Grace Omolara Titilayo Temitope Damilola Adaobi Amaka Chiamaka Ebele Nneka "
        "Uchenna Zainab Halima Esther Precious Joy Abimbola Yewande",
        "Okafor Adeyemi Okonkwo Eze Nwosu Balogun Ogunleye Adebayo Olawale Chukwu Obi Afolabi "
        "Okeke Onyeka Babatunde Ibrahim Musa Bello Adeleke Akinola Oyelaran Nwachukwu Okoro "
        "Uzor Ojo Adewale Lawal Salami Ogunbiyi Akande Bakare Oladipo Nnadi Ekwueme Amadi "
        "Ogbonna Obiora Iwu",
    ),
    "chinese": (
        "Wei Jun Hao Lei Ming Jian Tao Bo Qiang Yong Chen Yu Hua Gang Feng Peng Kai Xiang "
        "Liang Hong Dong Jie Kang Rui Zhen Cheng Hai Ping Zhi Long",
        "Li Mei Xin Yan Jing Hui Ying Fang Xiu Lan Ling Xiaomei Yun Hong Min Na Qing Yi Jia "
        "Juan Wen Xia Ting Lili Fei Yue Dan Rong Shu Zhen Ping",
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo "
        "Zheng Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai "
        "Jiang Yu Du Ye Cheng Wei",
    ),
    "vietnamese": (
        "Minh Tuan Hung Duc Thanh Long Nam Quang Huy Khanh Anh Bao Binh Cuong Dung Hai Hieu "
        "Hoang Khoa Loc Phong Phuc Son Tam Thang Trung Vinh Viet Dat Tai",
        "Linh Trang Huong Lan Thao Ngoc Mai Phuong Hanh Thu Anh Chi Dung Giang Ha Hoa Hong "
        "Khanh Loan My Nga Nhung Oanh Quyen Tam Thuy Tuyet Uyen Van Yen",
        "Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do Ho Ngo Duong Ly Dinh Truong Lam Mai "
        "Cao Trinh Ta Luong Chau Quach Doan Vuong Thai Kieu Tong",
    ),
    "portuguese": (
        "João José António Francisco Manuel Pedro Tiago Rui Nuno Bruno Paulo Carlos Luís "
        "Miguel Ricardo Diogo André Hugo Fábio Sérgio Vítor Marco Rafael Gonçalo Duarte "
        "Fernando Jorge Hélder Alexandre Rodrigo Daniel",
        "Maria Ana Joana Inês Beatriz Mariana Rita Sofia Catarina Teresa Filipa Carla Sara "
        "Cláudia Patrícia Marta Vera Diana Andreia Sónia Susana Cristina Raquel Helena "
        "Margarida Leonor Luísa Isabel Fátima Paula Daniela",
        "Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Jesus Sousa Fernandes "
        "Gonçalves Gomes Lopes Marques Alves Almeida Ribeiro Carvalho Pinto Teixeira Moreira "
        "Correia Mendes Nunes Soares Vieira Monteiro Cardoso Rocha Neves Coelho Cruz Cunha "
        "Pires Ramos Reis Simões Antunes Matos Fonseca",
    ),
    "lithuanian": (
        "Tomas Mantas Darius Andrius Marius Paulius Giedrius Vytautas Rokas Lukas Jonas "
        "Petras Antanas Kęstutis Saulius Algirdas Arvydas Rimantas Tadas Mindaugas Donatas "
        "Edvinas Justinas Karolis Domantas Ignas Aurimas Vaidas Linas Gintaras",
        "Rūta Jurgita Kristina Laura Aistė Ieva Greta Eglė Vaida Asta Rasa Inga Dalia Jolanta "
        "Lina Neringa Vilma Daiva Agnė Goda Austėja Emilija Gabija Urtė Milda Simona Jurga "
        "Indrė Sandra Giedrė",
        "Kazlauskas Jankauskas Petrauskas Stankevičius Vasiliauskas Žukauskas Butkus "
        "Paulauskas Urbonas Kavaliauskas Navickas Ramanauskas Balčiūnas Vaitkus Jonaitis "
        "Kairys Šimkus Mažeika Žilinskas Lukoševičius Sakalauskas Gudaitis Kazakevičius "
        "Adomaitis Mockus Bagdonas Rimkus Dambrauskas",
    ),
    "british": (
        "John David Paul Mark Andrew Stephen Peter Richard Michael Simon Christopher Gary "
        "Kevin Darren Lee Craig Jason Neil Robert Thomas Daniel Matthew Adam Anthony Martin "
        "Ian Gareth Steven Wayne Carl Dean",
        "Susan Sarah Elizabeth Helen Catherine Margaret Jane Emma Rachel Anne Louise Lisa "
        "Michelle Claire Nicola Joanne Kelly Donna Amanda Karen Rebecca Laura Victoria Hannah "
        "Gemma Samantha Leanne Natalie Stacey Jennifer Charlotte",
        "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Roberts Johnson Walker "
        "Wright Robinson Thompson White Hughes Edwards Green Hall Wood Harris Lewis Martin "
        "Jackson Clarke Clark Turner Hill Scott Cooper Morris Ward Moore King Watson Baker "
        "Harrison",
    ),
}
ORIGIN_WEIGHTS = [0.13, 0.11, 0.09, 0.12, 0.11, 0.1, 0.08, 0.06, 0.07, 0.05, 0.08]
FAMILY_NAME_FIRST = {"chinese", "vietnamese"}
# The same name, written as different agencies write it.
VARIANTS = {
    "Mohammed": ["Muhammad", "Mohamed", "Mohammad"],
    "Muhammad": ["Mohammed", "Muhammed"],
    "Mohamed": ["Mohamud", "Mohammed"],
    "Ahmed": ["Ahmad"],
    "Hussain": ["Hussein", "Husain"],
    "Hussein": ["Hussain"],
    "Abdirahman": ["Abdi Rahman", "Abdurahman"],
    "Abdullahi": ["Abdullah"],
    "Yusuf": ["Yousef", "Yusef"],
    "Fadumo": ["Fatuma"],
    "Ayesha": ["Aisha", "Aysha"],
    "Oluwaseun": ["Seun"],
    "Babatunde": ["Tunde"],
    "Oluwakemi": ["Kemi"],
    "Chukwuma": ["Chuma"],
    "Ionuț": ["Ionut", "Ion"],
    "Gheorghe": ["George"],
    "Łukasz": ["Lukas", "Luke"],
    "Paweł": ["Pawel", "Paul"],
    "Michał": ["Michal", "Michael"],
    "Krzysztof": ["Chris"],
    "João": ["Joao", "John"],
    "José": ["Jose", "Joseph"],
    "Gurpreet": ["Gurpret"],
    "Harpreet": ["Harprit"],
    "Nguyen": ["Nguyễn", "Ngyuen"],
}
AGENCIES = ["housing", "police", "probation", "gp", "hospital", "drugs", "mental_health"]
HEALTH = {"gp", "hospital", "mental_health"}


# Generator one: seven agencies of a mixed UK town --------------------------------------------


def _nhs_number(rng: random.Random) -> str:
    while True:
        stem = [rng.randrange(10) for _ in range(9)]
        check = (11 - sum(d * w for d, w in zip(stem, range(10, 1, -1), strict=True)) % 11) % 11
        if check != 10:
            return "".join(map(str, stem)) + str(check)


def _zipf_choice(rng: random.Random, pool: list[str], s: float = 0.9) -> str:
    weights = [1 / (i + 1) ** s for i in range(len(pool))]
    return rng.choices(pool, weights)[0]


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))
    kind = rng.random()
    if kind < 0.3:  # a letter left out
        return word[:i] + word[i + 1 :]
    if kind < 0.55:  # two letters the other way round
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    if kind < 0.8:  # a wrong letter
        return word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1 :]
    return word[:i] + word[i] + word[i:]  # a letter doubled


def _postcode(rng: random.Random) -> str:
    district = f"{rng.choice(['HX', 'HD', 'BD', 'WF'])}{rng.randint(1, 9)}"
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{district} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _person(rng: random.Random) -> dict:
    sex = rng.choice("MF")
    first = _zipf_choice(rng, MALE if sex == "M" else FEMALE, 0.7)
    if rng.random() < 0.35:  # the long tail of surnames no table holds
        last = (rng.choice(SYLLABLES) + rng.choice(ENDINGS)).capitalize()
    else:
        last = _zipf_choice(rng, SURNAMES, 0.8)
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    alias = None
    if sex == "F" and rng.random() < 0.12:  # a married name, or a former one
        alias = rng.choice(SURNAMES)
    elif rng.random() < 0.04:  # a street alias
        alias = (rng.choice(SYLLABLES) + rng.choice(ENDINGS)).capitalize()
    return {
        "first": first,
        "last": last,
        "alias": alias,
        "sex": sex,
        "born": born,
        "postcodes": [_postcode(rng) for _ in range(rng.randint(1, 3))],
        "nhs": _nhs_number(rng),
    }


def _near(rng: random.Random, born: date) -> date:
    kind = rng.random()
    if kind < 0.5:
        return born + timedelta(days=rng.choice([-1, 1]))
    if kind < 0.8:
        month = min(max(born.month + rng.choice([-1, 1]), 1), 12)
        return born.replace(month=month, day=min(born.day, 28))
    return born.replace(year=born.year + rng.choice([-10, -1, 1, 10]), day=min(born.day, 28))


def _agency_record(rng: random.Random, p: dict, agency: str) -> dict:
    first, last = p["first"], p["last"]
    if p["alias"] and rng.random() < 0.4:
        last = p["alias"]
    if rng.random() < 0.07:
        first = _typo(rng, first.lower()).capitalize()
    if rng.random() < 0.07:
        last = _typo(rng, last.lower()).capitalize()
    if rng.random() < 0.04:
        first, last = last, first
    born, dob = p["born"], p["born"].isoformat()
    r = rng.random()
    if r < 0.10:
        dob = ""
    elif r < 0.13 and born.day <= 12 and born.day != born.month:
        dob = f"{born.year}-{born.day:02d}-{born.month:02d}"
    elif r < 0.16:
        dob = f"{born.year}-01-01"
    elif r < 0.19:
        dob = _near(rng, born).isoformat()
    if dob and agency in {"police", "probation"}:  # some systems write UK dates
        y, m, d = dob.split("-")
        dob = f"{d}/{m}/{y}"
    r = rng.random()
    postcode = rng.choice(p["postcodes"])
    if r < 0.1:
        postcode = ""
    elif r < 0.18:
        postcode = rng.choice(["NFA", "No fixed abode", "ZZ99 3VZ"])
    elif r < 0.35:
        postcode = _postcode(rng)  # moved since
    nhs = ""
    if agency in HEALTH and rng.random() < 0.8:
        nhs = p["nhs"]
        if rng.random() < 0.02:
            nhs = nhs[:-2] + nhs[-1] + nhs[-2]
    sex = "" if rng.random() < 0.05 else p["sex"]
    if rng.random() < 0.3:
        first, last = first.upper(), last.upper()
    return {
        "first_name": first,
        "last_name": last,
        "date_of_birth": dob,
        "sex": sex,
        "postcode": postcode,
        "nhs_number": nhs,
    }


def agencies(people: int, seed: int = 1) -> tuple[pd.DataFrame, pd.Series]:
    """Seven agencies' extracts of `people` people (about 3.8 records each)."""
    rng = random.Random(seed)
    rows, truth = [], []
    counters = dict.fromkeys(AGENCIES, 0)
    for index in range(people):
        p = _person(rng)
        k = min(1 + int(rng.expovariate(1 / 3.3)), len(AGENCIES))
        for agency in rng.sample(AGENCIES, k):
            copies = 1 + (rng.random() < 0.12) + (rng.random() < 0.03)
            for _ in range(copies):
                counters[agency] += 1
                source_id = f"{agency[:2].upper()}{counters[agency]:07d}"
                rows.append(
                    {"source": agency, "source_id": source_id, **_agency_record(rng, p, agency)}
                )
                truth.append(f"a{index}")
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame, pd.Series(truth)


# Generator two: another population, names, date of birth and postcode only -----------------


def _strip_marks(names: np.ndarray) -> np.ndarray:
    import unicodedata

    return np.array(
        [unicodedata.normalize("NFKD", n).encode("ascii", "ignore").decode() for n in names]
    )


def population(people: int, seed: int = 2) -> tuple[pd.DataFrame, pd.Series]:
    """Five agencies' extracts of another population: names, date of birth, postcode."""
    g = np.random.default_rng(seed)
    origins = list(ORIGINS)
    origin = g.choice(len(origins), size=people, p=ORIGIN_WEIGHTS)
    male = g.random(people) < 0.55
    firsts, seconds, families = [], [], []
    for o, m in zip(origin, male, strict=True):
        men, women, family = (part.split() for part in ORIGINS[origins[o]])
        pool = men if m else women
        firsts.append(pool[_skewed(g, len(pool))])
        seconds.append(pool[g.integers(len(pool))] if g.random() < 0.3 else "")
        families.append(family[_skewed(g, len(family))])
    firsts, seconds, families = np.array(firsts), np.array(seconds), np.array(families)
    born = np.datetime64("1948-01-01") + g.integers(0, 365 * 57, size=people).astype(
        "timedelta64[D]"
    )
    home = _tails_full(g, people)

    # Records: each person at 1 to 5 agencies, some twice in one.
    per = np.clip(g.geometric(0.42, size=people), 1, 5)
    person = np.repeat(np.arange(people), per)
    extra = g.random(len(person)) < 0.1
    person = np.sort(np.concatenate([person, person[extra]]))
    n = len(person)
    source = g.choice(["council", "nhs_trust", "refuge", "foodbank", "probation"], size=n)
    first, second, family = firsts[person], seconds[person], families[person]
    org = np.array(origins)[origin[person]]

    variant = g.random(n) < 0.25
    first = np.array(
        [
            g.choice(VARIANTS[f]) if v and f in VARIANTS else f
            for f, v in zip(first, variant, strict=True)
        ]
    )
    family = np.array(
        [
            g.choice(VARIANTS[f]) if v and f in VARIANTS else f
            for f, v in zip(family, g.random(n) < 0.2, strict=True)
        ]
    )
    with_second = (second != "") & (g.random(n) < 0.5)
    first = np.where(with_second, np.char.add(np.char.add(first, " "), second), first)
    lose_marks = g.random(n) < 0.5
    first = np.where(lose_marks, _strip_marks(first), first)
    family = np.where(lose_marks, _strip_marks(family), family)
    for column in (first, family):
        typo = np.flatnonzero(g.random(n) < 0.09)
        for i in typo:
            column[i] = _np_typo(g, column[i])
    order_swapped = (np.isin(org, list(FAMILY_NAME_FIRST)) & (g.random(n) < 0.3)) | (
        g.random(n) < 0.02
    )
    first, family = np.where(order_swapped, family, first), np.where(order_swapped, first, family)

    dob = born[person].copy()
    shift = g.random(n)
    dob = np.where(shift < 0.03, dob + np.timedelta64(1, "D"), dob)
    dob = np.where((shift >= 0.03) & (shift < 0.05), dob - np.timedelta64(365, "D"), dob)
    iso = pd.Series(dob.astype("datetime64[D]").astype(str))
    year, month, day = iso.str[:4], iso.str[5:7], iso.str[8:10]
    # Day/month/year for most; some systems write month/day/year.
    us = g.random(n) < 0.04
    text = np.where(us, month + "/" + day + "/" + year, day + "/" + month + "/" + year)
    placeholder = g.random(n) < 0.03
    text = np.where(placeholder, "01/01/" + year, text)
    missing = g.random(n) < 0.09
    text = np.where(missing, "", text)
    unknown = (g.random(n) < 0.01) & ~missing
    text = np.where(unknown, "01/01/1900", text)

    postcode = home[person].copy()
    moved = g.random(n) < 0.2
    postcode = np.where(moved, _tails_full(g, n), postcode)
    postcode = np.where(g.random(n) < 0.15, "", postcode)
    postcode = np.where(g.random(n) < 0.3, np.char.replace(postcode.astype(str), " ", ""), postcode)
    case = g.random(n)
    first = np.where(case < 0.3, np.char.upper(first.astype(str)), first)
    family = np.where(case < 0.3, np.char.upper(family.astype(str)), family)

    counts: dict[str, int] = {}
    ids = []
    for s in source:
        counts[s] = counts.get(s, 0) + 1
        ids.append(f"{s[:3]}-{counts[s]}")
    frame = pd.DataFrame(
        {
            "source": source,
            "source_id": ids,
            "first_name": first,
            "last_name": family,
            "date_of_birth": text,
            "sex": "",
            "postcode": postcode,
            "nhs_number": "",
        },
        columns=COLUMNS,
    ).astype(str)
    return frame, pd.Series([f"b{i}" for i in person])


def _skewed(g: np.random.Generator, size: int) -> int:
    """An index into a name list, the first names in it the most common (weights 1/rank)."""
    weights = 1 / np.arange(1, size + 1) ** 0.8
    return int(g.choice(size, p=weights / weights.sum()))


def _tails_full(g: np.random.Generator, n: int) -> np.ndarray:
    area = g.choice(["E1", "E2", "E3", "N15", "N17", "N18", "SE15", "SE17"], size=n)
    sector = g.integers(1, 10, size=n)
    letters = np.array(list("ABDEFGHJLNPQRSTUWXYZ"))
    a, b = letters[g.integers(20, size=n)], letters[g.integers(20, size=n)]
    return np.array([f"{x} {s}{y}{z}" for x, s, y, z in zip(area, sector, a, b, strict=True)])


def _np_typo(g: np.random.Generator, word: str) -> str:
    if len(word) < 4:
        return word
    i = int(g.integers(1, len(word) - 1))
    kind = g.random()
    if kind < 0.35:
        return word[:i] + word[i + 1 :]
    if kind < 0.7:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + "aeiou"[int(g.integers(5))] + word[i + 1 :]
