"""A hand-worked cohort in the shape of the Cambridgeshire evaluation, shared by the tests.

Four people, six-month windows. Unit costs: arrest 500.00, court_appearance 1000.00 and
custody_night 250.00 (criminal justice); ed_attendance 150.00 and bed_day 400.00 (health);
hostel_night 35.50 and tenancy_sustainment_visit 60.00 (housing); food_parcel 10.00 (community,
which nobody used).

    person  start       baseline [start-6m, start)   follow-up [start, start+6m)
    A       2024-01-15  2023-07-15 .. 2024-01-14     2024-01-15 .. 2024-07-14
    B       2024-03-31  2023-09-30 .. 2024-03-30     2024-03-31 .. 2024-09-29
    C       2024-06-01  2023-12-01 .. 2024-05-31     2024-06-01 .. 2024-11-30
    D       2024-02-29  2023-08-29 .. 2024-02-28     2024-02-29 .. 2024-08-28

Criminal justice, baseline: A 2 arrests 1,000.00; B 1 court appearance 1,000.00; C 4 custody
nights on the day before her start 1,000.00; = 3,000.00. Follow-up: A 1 arrest on his start
date 500.00; B 2 custody nights 500.00; D 1 court appearance on her last follow-up day
1,000.00; = 2,000.00. Change -1,000.00, -1000/3000 = -33.33% -> -33.3.

Health, baseline: D 2 ED attendances exactly six months before her start 300.00. Follow-up:
A 3 bed days 1,200.00; C 1 ED attendance 150.00; = 1,350.00. Change +1,050.00, +350.0%.

Housing, baseline: B 10 hostel nights 355.00. Follow-up: B 4 tenancy sustainment visits 240.00;
C 6 hostel nights 213.00; = 453.00. Change +98.00, 98/355 = 27.605% -> 27.6.

Community: 0.00, 0.00, 0.00, no percent (baseline zero).

TOTAL: 3,655.00 -> 3,803.00, change +148.00, 148/3655 = 4.049% -> 4.0.

Ignored: E is not in the cohort; D's ED attendance the day before her baseline; A's arrest on
start + 6 months; B's bed day the day before his baseline.
"""

UNIT_COSTS = """kind,department,unit_cost
arrest,criminal_justice,500
court_appearance,criminal_justice,1000.00
custody_night,criminal_justice,250
ed_attendance,health,150
bed_day,health,400
hostel_night,housing,35.50
tenancy_sustainment_visit,housing,60
food_parcel,community,10.00
"""

COHORT = """person_id,start_date
A,2024-01-15
B,2024-03-31
C,2024-06-01
D,2024-02-29
"""

EVENTS = """person_id,kind,occurred_on,quantity
A,arrest,2023-08-01,2
B,court_appearance,2023-12-10,
C,custody_night,2024-05-31,4
A,arrest,2024-01-15,1
B,custody_night,2024-04-01,2
D,court_appearance,2024-08-28,1
D,ed_attendance,2023-08-29,2
A,bed_day,2024-03-01,3
C,ed_attendance,2024-11-30,1
B,hostel_night,2023-10-01,10
B,tenancy_sustainment_visit,2024-05-01,4
C,hostel_night,2024-07-01,6
E,arrest,2024-01-01,1
D,ed_attendance,2023-08-28,1
A,arrest,2024-07-15,1
B,bed_day,2023-09-29,1
"""

MONTHS = 6

CHANGE = """department,baseline,follow_up,change,change_percent
community,0.00,0.00,0.00,
criminal_justice,3000.00,2000.00,-1000.00,-33.3
health,300.00,1350.00,1050.00,350.0
housing,355.00,453.00,98.00,27.6
TOTAL,3655.00,3803.00,148.00,4.0
"""


def write(folder, events=EVENTS, unit_costs=UNIT_COSTS, cohort=COHORT):
    """The three files in `folder`; returns their paths (events, unit costs, cohort)."""
    paths = []
    for name, text in (("events.csv", events), ("unit_costs.csv", unit_costs),
                       ("cohort.csv", cohort)):  # fmt: skip
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
