"""Small word lists the generated contacts are made of: Polish and English names, places."""

from __future__ import annotations

PL_FEMALE = (
    "Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna",
    "Elżbieta", "Magdalena", "Joanna", "Zofia", "Monika", "Aleksandra", "Natalia", "Julia",
    "Karolina", "Marta", "Beata", "Dorota", "Justyna", "Paulina", "Jadwiga", "Teresa",
    "Zuzanna", "Hanna", "Alicja", "Weronika", "Halina", "Iwona",
)  # fmt: skip
PL_MALE = (
    "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Jan", "Michał", "Marcin",
    "Stanisław", "Jakub", "Adam", "Marek", "Łukasz", "Grzegorz", "Mateusz", "Wojciech",
    "Mariusz", "Dariusz", "Zbigniew", "Jerzy", "Maciej", "Rafał", "Kamil", "Robert",
    "Józef", "Szymon", "Kacper", "Antoni", "Filip", "Bartosz",
)  # fmt: skip
# (masculine, feminine) forms, most common first (GUS register order).
PL_SURNAMES = (
    ("Nowak", "Nowak"), ("Kowalski", "Kowalska"), ("Wiśniewski", "Wiśniewska"),
    ("Wójcik", "Wójcik"), ("Kowalczyk", "Kowalczyk"), ("Kamiński", "Kamińska"),
    ("Lewandowski", "Lewandowska"), ("Zieliński", "Zielińska"), ("Szymański", "Szymańska"),
    ("Woźniak", "Woźniak"), ("Dąbrowski", "Dąbrowska"), ("Kozłowski", "Kozłowska"),
    ("Jankowski", "Jankowska"), ("Mazur", "Mazur"), ("Kwiatkowski", "Kwiatkowska"),
    ("Wojciechowski", "Wojciechowska"), ("Krawczyk", "Krawczyk"), ("Kaczmarek", "Kaczmarek"),
    ("Piotrowski", "Piotrowska"), ("Grabowski", "Grabowska"), ("Zając", "Zając"),
    ("Pawłowski", "Pawłowska"), ("Michalski", "Michalska"), ("Król", "Król"),
    ("Wieczorek", "Wieczorek"), ("Jabłoński", "Jabłońska"), ("Wróbel", "Wróbel"),
    ("Nowakowski", "Nowakowska"), ("Majewski", "Majewska"), ("Olszewski", "Olszewska"),
    ("Stępień", "Stępień"), ("Malinowski", "Malinowska"), ("Jaworski", "Jaworska"),
    ("Adamczyk", "Adamczyk"), ("Dudek", "Dudek"), ("Nowicki", "Nowicka"),
    ("Pawlak", "Pawlak"), ("Górski", "Górska"), ("Witkowski", "Witkowska"),
    ("Walczak", "Walczak"),
)  # fmt: skip
EN_FEMALE = (
    "Olivia", "Emma", "Amelia", "Isla", "Ava", "Sophia", "Grace", "Lily", "Emily", "Charlotte",
    "Jessica", "Sarah", "Laura", "Hannah", "Lucy", "Chloe", "Mia", "Ella", "Ruby", "Sophie",
)  # fmt: skip
EN_MALE = (
    "Oliver", "George", "Harry", "Jack", "Noah", "Charlie", "Thomas", "James", "William",
    "Henry", "Daniel", "David", "Michael", "John", "Robert", "Joseph", "Samuel", "Matthew",
    "Benjamin", "Edward",
)  # fmt: skip
EN_SURNAMES = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
    "Hughes", "Green", "Hall", "Wood", "Harris", "Lewis", "Martin", "Jackson", "Clarke",
    "Clark", "Turner", "Hill", "Scott",
)  # fmt: skip
COMPANY_STEMS = (
    "Polmex", "Agrobud", "Transbud", "Technopol", "Elektrobud", "Mlekpol", "Drewmet",
    "Budimex Serwis", "Inter-Trans", "Farmapol", "Ekoland", "Softronic", "Meblotex",
    "Autohandel", "Stalprofil", "Kamex", "Optima", "Netcom", "Geomap", "Vitapol",
)  # fmt: skip
COMPANY_FORMS = ("Sp. z o.o.", "S.A.", "Sp. j.", "s.c.")
STREETS = (
    "Polna", "Leśna", "Słoneczna", "Krótka", "Szkolna", "Ogrodowa", "Lipowa", "Łąkowa",
    "Brzozowa", "Kwiatowa", "Kościelna", "Sosnowa", "Zielona", "Parkowa", "Akacjowa",
    "Mickiewicza", "Kolejowa", "Kopernika", "Długa", "Piłsudskiego",
)  # fmt: skip
MAIL_DOMAINS = ("gmail.com", "wp.pl", "onet.pl", "o2.pl", "interia.pl", "outlook.com")
SOURCES = ("import", "web", "referral", "fair", "phone", "email")
# The 16 voivodeships, their capital, its postal prefix and population in thousands (GUS 2023):
# regions are drawn by population, so Mazowieckie holds ~14% of the cards and Opolskie ~2.5%.
VOIVODESHIPS = (
    ("Mazowieckie", "Warszawa", "00", 5510),
    ("Śląskie", "Katowice", "40", 4340),
    ("Wielkopolskie", "Poznań", "60", 3490),
    ("Małopolskie", "Kraków", "30", 3430),
    ("Dolnośląskie", "Wrocław", "50", 2880),
    ("Łódzkie", "Łódź", "90", 2380),
    ("Pomorskie", "Gdańsk", "80", 2360),
    ("Podkarpackie", "Rzeszów", "35", 2080),
    ("Lubelskie", "Lublin", "20", 2030),
    ("Kujawsko-Pomorskie", "Bydgoszcz", "85", 2000),
    ("Zachodniopomorskie", "Szczecin", "70", 1640),
    ("Warmińsko-Mazurskie", "Olsztyn", "10", 1370),
    ("Świętokrzyskie", "Kielce", "25", 1170),
    ("Podlaskie", "Białystok", "15", 1150),
    ("Lubuskie", "Zielona Góra", "65", 980),
    ("Opolskie", "Opole", "45", 950),
)
