"""Synthetic people: names as printed in each country's own spelling
(diacritics, Cyrillic, hyphens, particles), sex, birth date, and document
numbers in each issuer's usual shape."""

import datetime

# nationality code (MRZ, fillers removed) -> (country name, name pools key)
COUNTRIES = {
    "GBR": "United Kingdom", "USA": "United States of America", "D": "Germany",
    "POL": "Poland", "UKR": "Ukraine", "IND": "India", "NGA": "Nigeria",
    "PAK": "Pakistan", "FRA": "France", "CAN": "Canada", "LTU": "Lithuania",
    "ESP": "Spain", "NLD": "Netherlands", "SWE": "Sweden", "BEL": "Belgium",
    "GEO": "Georgia", "CZE": "Czechia", "AUS": "Australia", "JPN": "Japan",
    "BRA": "Brazil", "COL": "Colombia", "PRT": "Portugal", "IRL": "Ireland",
    "FIN": "Finland", "NOR": "Norway", "DNK": "Denmark", "ITA": "Italy",
    "EST": "Estonia", "LVA": "Latvia", "TUR": "Turkey", "MDA": "Moldova",
    "XXA": "Stateless", "XXB": "Refugee",
}

# Nationalities the shipped policy lists as visa-free (subset we generate).
VISA_FREE = ["GBR", "USA", "D", "POL", "FRA", "CAN", "LTU", "ESP", "NLD", "SWE",
             "BEL", "CZE", "AUS", "JPN", "PRT", "IRL", "FIN", "NOR", "DNK", "ITA",
             "EST", "LVA"]
VISA_REQUIRED = ["IND", "NGA", "PAK"]

_M, _F = "M", "F"
NAMES = {
    "en": {
        "sur": ["Smith", "Johnson", "Williams", "Brown", "O'Connor", "Taylor", "Davies",
                "Evans", "Thompson", "McAllister", "Wright", "Robinson", "Walker-Hughes",
                "Clarke", "Fitzgerald", "Henderson", "Baker", "Campbell", "Stewart",
                "Montgomery-Richardson", "Nguyen", "Garcia", "Rodriguez", "Kowalczyk",
                "Sullivan", "Hernandez", "Bennett", "Fletcher", "Ashworth-Pemberton"],
        _M: ["James", "John", "Michael", "David", "William", "Thomas", "Christopher",
             "Daniel", "Matthew", "Andrew", "Joshua", "Ryan", "Benjamin", "Samuel",
             "Alexander", "Jonathan", "Patrick", "Connor"],
        _F: ["Mary", "Emma", "Olivia", "Sarah", "Jessica", "Emily", "Charlotte",
             "Elizabeth", "Hannah", "Rebecca", "Sophie", "Megan", "Abigail", "Grace"],
    },
    "de": {
        "sur": ["Müller", "Schmidt", "Schneider", "Fischer", "Weiß", "Meyer", "Wagner",
                "Becker", "Schäfer", "Koch", "Bauer", "Schröder", "Günther", "Krüger",
                "Hoffmann", "von Bülow", "Zimmermann", "Schulze-Rößler", "Groß",
                "Lindemann", "Köhler", "Fuchs"],
        _M: ["Jürgen", "Lukas", "Maximilian", "Jörg", "Stefan", "Matthias", "Sebastian",
             "Tobias", "Karl-Heinz", "Florian", "Björn", "Uwe", "Dieter", "Andreas"],
        _F: ["Anna", "Jülide", "Sophie", "Katrin", "Jana", "Lena", "Sabine", "Brigitte",
             "Ursula", "Hannelore", "Maren", "Annegret", "Käthe"],
    },
    "pl": {
        "sur": ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński",
                "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski",
                "Kozłowski", "Jankowski", "Mazur", "Krawczyk", "Piotrowski", "Grabowski",
                "Pawłowski", "Michalski", "Król", "Wróbel", "Zając", "Jabłoński"],
        _M: ["Łukasz", "Paweł", "Michał", "Krzysztof", "Piotr", "Tomasz", "Wojciech",
             "Jakub", "Mateusz", "Marcin", "Grzegorz", "Jarosław", "Bartłomiej"],
        _F: ["Małgorzata", "Agnieszka", "Katarzyna", "Joanna", "Magdalena", "Żaneta",
             "Barbara", "Ewa", "Alicja", "Dorota", "Justyna", "Grażyna"],
    },
    "uk": {
        "sur": ["Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко",
                "Олійник", "Шевчук", "Поліщук", "Бойко", "Мельник", "Кравчук",
                "Гончаренко", "Іваненко", "Литвиненко", "Яковенко", "Щербак"],
        _M: ["Олександр", "Андрій", "Сергій", "Дмитро", "Юрій", "Олег", "Тарас",
             "Богдан", "Василь", "Ігор", "Євген", "Максим"],
        _F: ["Олена", "Наталія", "Ірина", "Тетяна", "Юлія", "Оксана", "Світлана",
             "Ганна", "Людмила", "Катерина", "Марія"],
    },
    "in": {
        "sur": ["Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Nair", "Iyer",
                "Chatterjee", "Mukherjee", "Venkataraman", "Bhattacharya",
                "Subramanian", "Krishnamurthy", "Choudhary", "Das", ""],
        _M: ["Rahul", "Amit", "Vikram", "Arjun", "Sanjay", "Rajesh", "Anil", "Suresh",
             "Venkata Ramana", "Mohammed Irfan", "Harpreet", "Sai Krishna"],
        _F: ["Priya", "Anjali", "Deepika", "Lakshmi", "Sunita", "Kavya", "Neha",
             "Pooja", "Divya", "Meenakshi Sundari"],
    },
    "ng": {
        "sur": ["Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Oluwaseun",
                "Nwachukwu", "Ibrahim", "Abubakar", "Ogunleye", "Chukwuemeka",
                "Adebayo-Williams", "Obi", "Olatunji"],
        _M: ["Chinedu", "Oluwadamilare", "Emeka", "Babatunde", "Ifeanyi", "Abdullahi",
             "Olumide", "Chukwuebuka", "Tunde", "Nnamdi"],
        _F: ["Ngozi", "Chiamaka", "Folake", "Aisha", "Oluwakemi", "Adaeze", "Funmilayo",
             "Blessing", "Chioma", "Temitope"],
    },
    "pk": {
        "sur": ["Khan", "Ahmed", "Malik", "Hussain", "Qureshi", "Chaudhry", "Butt",
                "Siddiqui", "Raza", "Abbasi", "Shah", "Mirza"],
        _M: ["Muhammad Ali", "Imran", "Bilal", "Usman", "Hamza", "Faisal", "Zubair",
             "Muhammad Usman Tariq", "Asad", "Kamran"],
        _F: ["Ayesha", "Fatima", "Sana", "Zainab", "Maryam", "Hina", "Nadia", "Saima"],
    },
    "fr": {
        "sur": ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard", "Rousseau",
                "Fontaine", "Chevalier", "Lefebvre-Dupré", "Bonnet", "Mercier", "Lambert",
                "de La Fontaine", "Gauthier", "Faure", "Müller"],
        _M: ["Jean-Pierre", "François", "Michel", "Théo", "Sébastien", "Jérôme", "Hugo",
             "Étienne", "Luc", "Antoine"],
        _F: ["Marie-Claire", "Élodie", "Chloé", "Camille", "Hélène", "Amélie", "Léa",
             "Margaux", "Cécile"],
    },
    "nordic": {
        "sur": ["Andersson", "Johansson", "Nilsson", "Larsen", "Hansen", "Sørensen",
                "Jørgensen", "Virtanen", "Mäkinen", "Korhonen", "Åberg", "Lindqvist",
                "Bjørnstad", "Østergaard", "Halvorsen", "Järvinen"],
        _M: ["Lars", "Erik", "Mikael", "Bjørn", "Oskar", "Jukka", "Søren", "Anders",
             "Matti", "Nils"],
        _F: ["Ingrid", "Astrid", "Sofia", "Sanna", "Kirsten", "Linnéa", "Åsa", "Maija",
             "Freja", "Sigrid"],
    },
    "es": {
        "sur": ["García López", "Fernández", "González Martín", "Rodríguez", "Sánchez",
                "Pérez de la Cruz", "Martínez", "Gómez", "Muñoz", "Jiménez", "Álvarez",
                "Oliveira", "dos Santos", "Gonçalves", "Peña"],
        _M: ["José Luis", "Juan Carlos", "Álvaro", "Sergio", "Joaquín", "Iñigo",
             "João", "Rubén", "Martín", "Andrés"],
        _F: ["María José", "Lucía", "Inés", "Begoña", "Ana Isabel", "Nuria", "Raquel",
             "Conceição", "Marta", "Sofía"],
    },
    "baltic": {
        "sur": ["Kazlauskas", "Jankauskas", "Petrauskienė", "Bērziņš", "Kalniņa",
                "Tamm", "Saar", "Ozoliņš", "Žukauskas", "Vasiliauskaitė", "Kask",
                "Dvořák", "Novotná", "Svoboda", "Černý", "Procházková"],
        _M: ["Mindaugas", "Jānis", "Andrus", "Tomas", "Raimonds", "Jiří", "Tõnu",
             "Arvydas", "Ondřej", "Kārlis"],
        _F: ["Rūta", "Ieva", "Kristīne", "Liis", "Eglė", "Tereza", "Marika", "Lauma",
             "Kateřina", "Agnė"],
    },
    "other": {
        "sur": ["Yılmaz", "Kaya", "Beridze", "Kapanadze", "Tanaka", "Suzuki",
                "da Silva", "Ferreira", "Ceban", "Rusu", "Öztürk", "Gelashvili",
                "Takahashi", "Restrepo", "Castaño"],
        _M: ["Mehmet", "Giorgi", "Hiroshi", "Lucas", "Ion", "Davit", "Mustafa", "Kenji",
             "Andrés Felipe", "Vasile"],
        _F: ["Ayşe", "Nino", "Yuki", "Ana Carolina", "Elena", "Tamar", "Zeynep",
             "Sakura", "Valentina", "Mariana"],
    },
    "stateless": {
        "sur": ["Haddad", "al-Hassan", "Abdi", "Nazari", "Karimi", "Mohammadi",
                "Osman", "Yusuf", "Ahmadzai", "Hakimi"],
        _M: ["Ahmad", "Mohammad Reza", "Abdullah", "Yusuf", "Omar", "Karim", "Farid"],
        _F: ["Fatemeh", "Maryam", "Amina", "Leila", "Hawa", "Parisa", "Samira"],
    },
}

POOL = {
    "GBR": "en", "USA": "en", "CAN": "en", "AUS": "en", "IRL": "en", "D": "de",
    "POL": "pl", "UKR": "uk", "IND": "in", "NGA": "ng", "PAK": "pk", "FRA": "fr",
    "BEL": "fr", "NLD": "de", "SWE": "nordic", "FIN": "nordic", "NOR": "nordic",
    "DNK": "nordic", "ESP": "es", "PRT": "es", "BRA": "es", "COL": "es",
    "ITA": "es", "LTU": "baltic", "LVA": "baltic", "EST": "baltic", "CZE": "baltic",
    "GEO": "other", "JPN": "other", "TUR": "other", "MDA": "other",
    "XXA": "stateless", "XXB": "stateless",
}


def make_person(rng, nationality, as_of, age_range=(18, 65), sex=None):
    """A person dict: surname/given_names as printed (native spelling; a list of
    given-name groups), sex M/F/<, birth date (datetime.date), nationality."""
    pool = NAMES[POOL.get(nationality, "other")]
    if sex is None:
        r = rng.random()
        sex = "M" if r < 0.62 else ("F" if r < 0.97 else "<")
    gpool = pool[sex if sex in ("M", "F") else rng.choice(["M", "F"])]
    surname = rng.choice(pool["sur"])
    if nationality == "IND" and surname == "" and rng.random() < 0.5:
        surname = rng.choice([s for s in pool["sur"] if s])
    if nationality not in ("IND",) and surname == "":
        surname = pool["sur"][0]
    r = rng.random()
    if r < 0.55:
        given = [rng.choice(gpool)]
    elif r < 0.9:
        given = [rng.choice(gpool), rng.choice(gpool)]
        if given[0] == given[1]:
            given = given[:1]
    else:
        given = rng.sample(gpool, 3)
    if nationality == "UKR":
        # Ukrainians' patronymics are not in the MRZ; keep one given name
        given = given[:1]
    if rng.random() < 0.03 and surname:
        # long double-barrelled surname: forces truncation in TD1/TD2 names
        surname = surname + "-" + rng.choice([s for s in pool["sur"] if s and s != surname] or ["Smith"])
    lo, hi = age_range
    # birth date so that the age on as_of is within [lo, hi]
    latest = _add_years(as_of, -lo)
    earliest = _add_years(as_of, -(hi + 1)) + datetime.timedelta(days=1)
    span = (latest - earliest).days
    dob = earliest + datetime.timedelta(days=rng.randrange(max(1, span + 1)))
    return {"surname": surname, "given": given, "sex": sex, "dob": dob,
            "nationality": nationality}


def _add_years(d, n):
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 Feb
        return d.replace(year=d.year + n, day=28)


add_years = _add_years


def age_on(dob, d):
    return d.year - dob.year - ((d.month, d.day) < (dob.month, dob.day))


_L = "ABCDEFGHJKLMNPRSTUVWXYZ"
_D = "0123456789"


def doc_number(rng, issuer, kind):
    """A document number in the issuer's usual shape (up to 9 characters)."""
    c = lambda s, n: "".join(rng.choice(s) for _ in range(n))
    if issuer == "D":
        return c("CFGHJKLMNPRTVWXYZ", 1) + c("CFGHJKLMNPRTVWXYZ0123456789", 8)
    if issuer == "GBR":
        return c(_D, 9) if rng.random() < 0.6 else c(_L, 1) + c(_D, 8)
    if issuer == "USA":
        return c(_D, 9) if rng.random() < 0.7 else c(_L, 1) + c(_D, 8)
    if issuer == "POL":
        return c(_L, 2) + c(_D, 7)
    if issuer == "UKR":
        if kind in ("id_card", "residence_permit"):
            return c(_D, 9)
        if kind == "visa":
            return c(_L, 2) + c(_D, 7)
        return c(_L, 2) + c(_D, 6)
    if issuer == "IND":
        return c(_L, 1) + c(_D, 7)
    if issuer == "NGA":
        return "A" + c(_D, 8)
    if issuer == "PAK":
        return c(_L, 2) + c(_D, 7)
    if issuer == "FRA":
        return c(_D, 2) + c(_L, 2) + c(_D, 5)
    r = rng.random()
    if r < 0.4:
        return c(_D, rng.choice([8, 9]))
    if r < 0.8:
        return c(_L, 2) + c(_D, 7)
    return c(_L, 1) + c(_D + _L, 7) + c(_D, 1)


def long_doc_number(rng):
    """10-14 character numbers (Belgian, Portuguese style) for TD1/TD2."""
    n = rng.choice([10, 11, 12, 12, 12, 13])
    return "".join(rng.choice(_D) for _ in range(n))
