"""Word lists the name rules share: titles, given names, words that end an institution's name,
and a small gazetteer of places and organisations that recur in diplomatic documents.

These are general resources about English-language diplomatic prose, not about any one
document: a rule that needed a document's own names would not survive unseen volumes.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """A word list written as running text, one word per whitespace-separated item."""
    return frozenset(text.split())


# Titles and offices that stand before a surname and stay outside the persName
# ("Secretary of State <persName>Vance</persName>"). Longest first, so that
# "Secretary of State" wins over "Secretary".
TITLES: tuple[str, ...] = tuple(sorted({
    "Secretary of State", "Secretary of Defense", "Secretary of the Treasury",
    "Secretary of Commerce", "Secretary of Agriculture", "Secretary of the Army",
    "Secretary of the Navy", "Secretary of the Air Force", "Attorney General",
    "Under Secretary", "Assistant Secretary", "Deputy Secretary", "Executive Secretary",
    "Secretary General", "Secretary-General", "General Secretary", "First Secretary",
    "Foreign Secretary", "Foreign Minister", "Prime Minister", "Defense Minister",
    "Deputy Prime Minister", "Vice Premier", "Deputy Premier", "Vice President",
    "Vice Chairman", "Deputy Chairman", "First Deputy Chairman", "Minister", "President",
    "Premier", "Chairman", "Chancellor", "Ambassador", "Secretary", "Governor", "Senator",
    "Congressman", "Congresswoman", "Representative", "Speaker", "Mr.", "Mrs.", "Ms.", "Miss",
    "Dr.", "Sir", "Dame", "King", "Queen", "Prince", "Princess", "Crown Prince", "Shah",
    "Emperor", "Empress", "Pope", "Archbishop", "Bishop", "Cardinal", "Patriarch", "Ayatollah",
    "Sheikh", "Shaikh", "Amir", "Emir", "Sultan", "General", "Admiral", "Marshal",
    "Field Marshal", "Colonel", "Lieutenant Colonel", "Major", "Captain", "Lieutenant",
    "Commander", "Brigadier", "Brigadier General", "Lieutenant General", "Major General",
    "Chargé", "Chargé d’Affaires", "Consul", "Consul General", "Counselor", "Judge", "Justice",
    "Chief Justice", "Mayor", "Commissioner", "Director", "Professor", "Father", "Doctor",
    "President-elect", "President-Elect", "Vice President-Elect", "Secretary-Designate",
    "Generalissimo", "Chief of Staff",
    # plural, abbreviated and foreign forms: "Chairmen Khrushchev and Tito", "Messrs. Ball and
    # Bundy", "Amb. Thompson", "Mme. Pandit", "Herr Adenauer", "Acting Secretary Herter"
    "Chairmen", "Presidents", "Premiers", "Ministers", "Foreign Ministers", "Prime Ministers",
    "Secretaries", "Ambassadors", "Senators", "Generals", "Governors", "Chancellors",
    "Congressmen", "Messrs.", "Messrs", "Drs.", "Mme.", "Mme", "Mmes.", "Madame", "Mlle.",
    "Monsieur", "Herr", "Frau", "Señor", "Senor", "Signor", "Amb.", "Gen.", "Adm.", "Col.",
    "Capt.", "Maj.", "Lt.", "Sen.", "Rep.", "Gov.", "Sec.", "Secy.", "Pres.", "Rev.",
    "Acting Secretary", "Acting Secretary of State", "Acting Prime Minister", "Acting President",
    "Ambassador-designate", "Ambassador-at-Large", "Minister-Counselor", "Counsellor",
    "Deputy Assistant Secretary", "Deputy Under Secretary", "Deputy Foreign Minister",
    "Vice Foreign Minister", "Vice Minister", "Vice Admiral", "Rear Admiral",
    "Air Marshal", "Air Chief Marshal", "Lieutenant Commander", "Sergeant", "Corporal",
}, key=len, reverse=True))

# Titles that belong inside the name in FRUS practice ("<persName>Lord Home</persName>").
# "Sir Roger Makins" and "Sir Roger" alike: the Office of the Historian tags "Sir" inside.
NAME_TITLES: frozenset[str] = frozenset({"Lord", "Lady", "Sir", "Dame", "Baron"})

# Words after which a capitalised surname names an institution, a collection or a place
# ("Carter Library", "Dulles Papers", "Brzezinski Material", "Lincoln Memorial").
INSTITUTION_WORDS: frozenset[str] = frozenset({
    "Library", "Libraries", "Papers", "Paper", "Material", "Materials", "Memorial", "Center",
    "Centre", "Foundation", "Institute", "Institution", "University", "College", "School",
    "Collection", "Collections", "Files", "File", "Records", "Archives", "Building", "Hall",
    "House", "Street", "Avenue", "Boulevard", "Square", "Road", "Bridge", "Dam", "Island",
    "Islands", "River", "Lake", "Mountain", "Mountains", "Airport", "Hospital", "Doctrine",
    "Plan", "Line", "Administration", "Corporation", "Company", "Fund", "Prize", "Award",
    "Park", "Hotel", "Station", "Field", "Base", "Harbor", "Bay", "Canal", "Treaty", "Trust",
    "Committee", "Commission", "Report", "Amendment", "Act", "Museum", "Presidential",
    "Round", "Accords", "Accord", "Channel", "Group", "Tower", "Era",
})

# Capitalised words that are never a person's name in these documents (they start
# sentences, name months, or are titles themselves).
NOT_NAMES: frozenset[str] = frozenset({
    "The", "A", "An", "And", "But", "Or", "Of", "In", "On", "At", "To", "For", "From", "By",
    "With", "As", "If", "It", "Its", "He", "She", "His", "Her", "We", "Our", "They", "Their",
    "I", "My", "You", "Your", "This", "That", "These", "Those", "There", "Then", "When", "While",
    "Dear", "Sincerely", "Yours", "Faithfully", "Respectfully", "Ever", "Note", "Source",
    "See", "Ibid", "Editorial", "Telegram", "Letter", "Memorandum", "Message", "Document",
    "Documents", "Department", "Embassy", "Mission", "Government", "Governments", "State",
    "States", "United", "Soviet", "American", "British", "French", "Chinese", "German",
    "Japanese", "Turkish", "Greek", "Israeli", "Arab", "Western", "Eastern", "Northern",
    "Southern", "Central", "National", "Foreign", "Affairs", "Security", "Council", "Office",
    "Union", "Republic", "People", "Peoples", "Majesty", "Excellency", "Highness", "Friend",
    "Colleague", "Madam", "Gentlemen", "Conference", "Agreement", "Summit", "Congress",
    "Party", "Communist", "Cabinet", "General", "Assembly", "Nations", "Box", "Folder", "Lot",
    "Vol", "Secret", "Confidential", "Top", "Unclassified", "Eyes", "Only", "Nodis", "Exdis",
    "Limdis", "Drafted", "Cleared", "Approved", "Attachment", "Enclosure", "Tab", "Annex",
    "Administration", "Staff", "Material", "Files", "Papers", "Library", "Chairman",
    "Secretary", "President", "Minister", "Ambassador", "Premier", "Chancellor", "King",
    "Queen", "Prince", "Governor", "Senator", "Mr", "Mrs", "Ms", "Dr", "Sir", "Lord", "Prime",
    "Deputy", "Assistant", "Under", "Vice", "Acting", "Special", "Director", "Chief", "Chargé",
    "God", "Christmas", "Easter", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December", "Sept", "Jan", "Feb", "Mar",
    "Apr", "Jun", "Jul", "Aug", "Oct", "Nov", "Dec", "Part", "Volume", "Page", "Pages",
    "Here", "Following", "Begin", "End", "Text", "Summary", "Subject", "Participants", "Also",
    "However", "Moreover", "Meanwhile", "Similarly", "Any", "All", "No", "Not", "Yes", "One",
    "Two", "Three", "First", "Second", "Third", "Last", "Next", "New", "Old", "Great", "Most",
    "Very", "Many", "Some", "Each", "Every", "Other", "Such", "Both", "Since", "After",
    "Before", "During", "Although", "Because", "Presumably", "Later", "Earlier", "Certainly",
    "Please", "Thank", "Thanks", "Regards", "Warm", "Best", "Cordially",
    "Counselor", "Counsellor", "Consul", "Attaché", "Officer", "Adviser", "Advisor",
    "Delegate", "Envoy", "Representative", "Exhibition", "Fair", "Meeting", "Session",
    "Regarding", "Concerning", "According", "Reference", "Re", "Democrats", "Democratic",
    "Democrat", "Socialist", "Socialists", "Republican", "Republicans", "Liberal", "Liberals",
    "Labour", "Labor", "Conservative", "Conservatives", "Church", "Science", "Monitor",
    "Accords", "Accord", "Powers", "Forces", "Army", "Navy", "Air", "Force", "Motors",
    "Chairmen", "Presidents", "Premiers", "Ministers", "Secretaries", "Ambassadors", "Senators",
    "Generals", "Governors", "Chancellors", "Congressmen", "Messrs", "Mme", "Madame", "Monsieur",
    "Herr", "Frau", "Señor", "Senor", "Signor",
})

# Words that title-case a book's or an article's title ("The President Wants To Know",
# "Khrushchev Remembers: The Last Testament"): a capitalised function word after a
# name means the run is a title, not a person with an office.
TITLE_CASE_WORDS: frozenset[str] = frozenset({
    "To", "Of", "And", "The", "For", "In", "On", "A", "An", "With", "At", "From", "Is", "Are",
    "Was", "Be", "Or", "But", "By", "Into", "Against", "Without", "Versus", "As",
})

# Given names: a full name is a given name (or an initial) before a surname. Only names
# common among the officials and leaders of the period; nicknames are left out on
# purpose ("Bob McNamara" is tagged "McNamara" by the Office of the Historian).
FORENAMES: frozenset[str] = _words("""
Adlai Adnan Alan Albert Alec Alexander Alexandr Alexei Alfred Allen Alexis Andrei Andrew Anastas
Anthony Antonio Anwar Arthur Averell Barbara Benjamin Bernard Boris Bruce Carl Cecil Charles
Chester Christian Clark Clare Clement Clifford Conrad Constantine Cyrus Dag Daniel David Dean
Denis Dennis Dmitri Dmitrii Donald Douglas Dwight Earl Edgar Edmund Edward Elliot Elliott Emilio
Ernest Eugene Felix Fidel Foster Francis Frank Franklin Frederick Gamal George Georges Georgi
Gerald Gordon Gustav Hans Harold Harry Helmut Henry Herbert Herman Hubert Hugh Indira Ivan Jacob
Jacques James Jawaharlal Jean Jimmy John Joseph Josip Julius Karl Kenneth Konrad Kurt Lazar
Leonid Livingston Llewellyn Louis Loy Lyndon Malcolm Margaret Marshall Martin Maxwell
McGeorge Melvin Menachem Michael Mikhail Nelson Nicholas Nicolai Nikita Nikolai Nobusuke Norman
Paul Percival Peter Philip Pierre Ralph Raymond Richard Robert Roger Ronald Samuel Selwyn
Sergei Stephen Stuart Sumner Theodore Thomas Valery Viktor Vladimir Vyacheslav Walt Walter
Warren Willy William Winston Winthrop Yitzhak Zbigniew Golda Moshe Abba Yigal Anatoly Andreas
Syngman Achmed Ahmed Mohammed Muhammad Gaston Maurice Michel Valéry
Aldo Amintore Giuseppe Pietro Alcide Ludwig Heinrich Gerhard Wolfgang Heinz Otto Friedrich
""")

# Places and organisations that recur: (canonical name, kind, other written forms).
# Kept short and general; the rules in names.py find the rest (``in Tula``, ``X Library``).
GAZETTEER: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Soviet Union", "place", ("USSR", "U.S.S.R.", "Union of Soviet Socialist Republics")),
    ("United States", "place", ("United States of America",)),
    ("United Kingdom", "place", ("Great Britain", "U.K.")),
    ("Middle East", "place", ()), ("Near East", "place", ()), ("Far East", "place", ()),
    ("Southern Africa", "place", ()), ("Central Europe", "place", ()),
    ("Western Europe", "place", ()), ("Eastern Europe", "place", ()),
    ("Southeast Asia", "place", ()), ("Latin America", "place", ()), ("Europe", "place", ()),
    ("Africa", "place", ()), ("Asia", "place", ()), ("Persian Gulf", "place", ()),
    ("Indian Ocean", "place", ()), ("Berlin", "place", ()), ("Moscow", "place", ()),
    ("Washington", "place", ()), ("London", "place", ()), ("Paris", "place", ()),
    ("Bonn", "place", ()), ("Rome", "place", ()), ("Geneva", "place", ()),
    ("Vienna", "place", ()), ("Beijing", "place", ("Peking",)), ("Tokyo", "place", ()),
    ("New York", "place", ()), ("Vladivostok", "place", ()), ("Helsinki", "place", ()),
    ("Cairo", "place", ()), ("Damascus", "place", ()), ("Baghdad", "place", ()),
    ("Tehran", "place", ()), ("Ankara", "place", ()), ("Istanbul", "place", ()),
    ("Athens", "place", ()), ("Nicosia", "place", ()), ("Jerusalem", "place", ()),
    ("Tel Aviv", "place", ()), ("Amman", "place", ()), ("Beirut", "place", ()),
    ("Riyadh", "place", ()), ("Delhi", "place", ("New Delhi",)), ("Karachi", "place", ()),
    ("Saigon", "place", ()), ("Hanoi", "place", ()), ("Havana", "place", ()),
    ("Mexico City", "place", ()), ("Ottawa", "place", ()), ("Warsaw", "place", ()),
    ("Prague", "place", ()), ("Budapest", "place", ()), ("Belgrade", "place", ()),
    ("San Francisco", "place", ()), ("Camp David", "place", ()),
    ("Key Biscayne", "place", ()), ("Denver", "place", ()), ("Colorado", "place", ()),
    ("Afghanistan", "place", ()), ("Albania", "place", ()), ("Algeria", "place", ()),
    ("Angola", "place", ()), ("Argentina", "place", ()), ("Australia", "place", ()),
    ("Austria", "place", ()), ("Belgium", "place", ()), ("Brazil", "place", ()),
    ("Bulgaria", "place", ()), ("Burma", "place", ()), ("Cambodia", "place", ()),
    ("Canada", "place", ()), ("Chile", "place", ()), ("China", "place", ()),
    ("Cuba", "place", ()), ("Cyprus", "place", ()), ("Czechoslovakia", "place", ()),
    ("Denmark", "place", ()), ("Egypt", "place", ()), ("Ethiopia", "place", ()),
    ("Finland", "place", ()), ("France", "place", ()), ("Germany", "place", ()),
    ("Greece", "place", ()), ("Hungary", "place", ()), ("India", "place", ()),
    ("Indonesia", "place", ()), ("Iran", "place", ()), ("Iraq", "place", ()),
    ("Ireland", "place", ()), ("Israel", "place", ()), ("Italy", "place", ()),
    ("Japan", "place", ()), ("Jordan", "place", ()), ("Korea", "place", ()),
    ("Laos", "place", ()), ("Lebanon", "place", ()), ("Libya", "place", ()),
    ("Mexico", "place", ()), ("Netherlands", "place", ()), ("Norway", "place", ()),
    ("Pakistan", "place", ()), ("Panama", "place", ()), ("Poland", "place", ()),
    ("Portugal", "place", ()), ("Romania", "place", ("Rumania",)), ("Saudi Arabia", "place", ()),
    ("Somalia", "place", ()), ("South Africa", "place", ()), ("Spain", "place", ()),
    ("Sweden", "place", ()), ("Switzerland", "place", ()), ("Syria", "place", ()),
    ("Taiwan", "place", ()), ("Thailand", "place", ()), ("Turkey", "place", ()),
    ("Vietnam", "place", ("Viet-Nam",)), ("Yemen", "place", ()), ("Yugoslavia", "place", ()),
    ("Zaire", "place", ()), ("Rhodesia", "place", ()), ("Namibia", "place", ()),
    ("Suez", "place", ()), ("Sinai", "place", ()), ("Gaza", "place", ()),
    ("United Nations", "org", ("UN", "U.N.")), ("NATO", "org", ("North Atlantic Treaty "
                                                              "Organization",)),
    ("Department of State", "org", ("State Department",)),
    ("Department of Defense", "org", ("Defense Department",)),
    ("White House", "org", ()), ("National Security Council", "org", ("NSC",)),
    ("Central Intelligence Agency", "org", ("CIA",)), ("Joint Chiefs of Staff", "org", ("JCS",)),
    ("General Assembly", "org", ()), ("Security Council", "org", ()),
    ("Congress", "org", ()), ("Senate", "org", ()), ("House of Representatives", "org", ()),
    ("Politburo", "org", ()), ("Supreme Soviet", "org", ()), ("Foreign Office", "org", ()),
    ("Warsaw Pact", "org", ()), ("National Archives", "org", ("National Archives and Records "
                                                              "Administration",)),
    ("Washington National Records Center", "org", ()), ("Library of Congress", "org", ()),
    ("Council of Ministers", "org", ()), ("European Economic Community", "org", ("EEC",)),
    ("Organization of American States", "org", ("OAS",)), ("Arab League", "org", ()),
    ("World Bank", "org", ()), ("International Monetary Fund", "org", ("IMF",)),
)

# Surnames of leaders and officials who recur across the whole series, recognised even
# bare ("We believe Khrushchev…"). Words that are also common English words are left
# out ("Begin", "Home"); a word here followed by an institution word is still not a
# person ("Kennedy Library").
WELL_KNOWN: frozenset[str] = _words("""
Acheson Adenauer Allende Andropov Arafat Assad Attlee Ayub Ben-Gurion Bhutto Bohlen Brandt
Brezhnev Brzezinski Bulganin Bundy Carter Castro Ceausescu Chernenko Chiang Churchill Chou
Daladier Dayan Diefenbaker Diem Dobrynin Dubcek Dulles Eban Eden Eisenhower Erhard Eshkol Faisal
Feisal Franco Gaitskell Gandhi Giscard Gomulka Gorbachev Gromyko Harriman Heath Hitler Hoover
Hull Humphrey Hussein Ikeda Johnson Kadar Kaunda Kennan Kennedy Kenyatta Khomeini Khrushchev
Kishi Kissinger Kosygin Kreisky Lumumba Macmillan Makarios Malenkov Mao Marcos Meir Menderes
Menzies Mikoyan Mobutu Molotov Mollet Mossadeq Mountbatten Mubarak Mussolini Nasser Nehru Nixon
Nkrumah Nyerere Pahlavi Pearson Peron Perón Pinochet Podgorny Pompidou Qadhafi Rabin Reagan
Rhee Rockefeller Roosevelt Rostow Rusk Sadat Salazar Sato Schmidt Shevardnadze Sihanouk Smuts
Somoza Stalin Stevenson Suharto Sukarno Tanaka Thant Thatcher Thieu Tito Trudeau Truman
Trujillo Ulbricht Vance Vorster Waldheim Welles Wilson Yoshida Zhou Zhukov Hammarskjold
Hammarskjöld Chamberlain Daladier Stimson Byrnes Lovett Forrestal Rogers McNamara Ribbentrop
Mugabe Nkomo Botha Begin Herter Holmes Henderson Rountree Harriman Thompson Ford Bush
""") - {"Begin", "Ford", "Bush", "Holmes", "Henderson", "Thompson", "Rountree",
                  "Hull", "Heath", "Rogers"}

# Familiar forms that the Office of the Historian leaves outside the persName
# ("I have heard from Bob <persName>McNamara</persName>").
NICKNAMES: frozenset[str] = _words(
    "Bob Bill Billy Jim Jimmie Jack Dick Tom Joe Chip Mac Ted Teddy Andy Mike Dave Dan Don "
    "Harry Chris Cy Zbig Fritz Hal Sandy Pete Walt Larry"
)
