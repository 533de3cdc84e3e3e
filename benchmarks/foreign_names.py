"""Name lists for `foreign_data`: none shared with `joinedup.synthetic` or our nickname table."""


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
