#!/usr/bin/env python3
"""Generates the synthetic example dataset deterministically (same seed, same bytes).

Posts of 30 made-up users about a city's plan for a car-free centre. Writes
  posts.jsonl   all records, one per line, in shuffled order (users interleaved)
  users/        the same records, one file per user: USER_ID.jsonl, and USER_ID.json (an array) for a few users
Run from this directory: python3 generate.py
"""
import json
import os
import random
from datetime import datetime, timedelta, timezone

rng = random.Random(20240408)

FAVOR = [
    "Walked through the new pedestrian zone today. Quieter, cleaner air, and the cafés are full. More of this!",
    "Car-free centre = kids can finally cycle to school safely. I'm all for it.",
    "Honestly the \"chaos\" everyone predicted never came. Buses are faster than ever.",
    "Sold my second car. With the tram and the bike lanes I don't miss it at all.",
    "Noise levels on Marktstraße dropped by half since the ban. Sleeping with the window open again.",
    "Please extend the car-free zone to the old harbour too!",
]
AGAINST = [
    "My shop lost a third of its customers since they closed the centre to cars. Who pays for that?",
    "Try getting a wheelchair user into town now. The shuttle is late every single time.",
    "Another 'green' plan made by people who never had to deliver anything for a living.",
    "Parking fees outside the ring doubled. This is a tax on people from the suburbs.",
    "Forty minutes to cross town with the detour. Thanks for nothing.",
    "The car ban just moved the traffic jams into our residential street.",
]
NEUTRAL = [
    "Does anyone know if the car-free rules apply on Sundays too?",
    "Council meeting about the city centre plan is on Thursday, 7 pm, town hall.",
    "Interesting mix of opinions at the market today about the new traffic rules.",
    "New map of the delivery zones is out: https://example.org/map",
    "Rain all week. At least the new bike racks have a roof.",
    "Took the photo below at the edge of the new zone.\nWhat a view of the cathedral!",
]
POOLS = {"favor": FAVOR, "against": AGAINST, "neutral": NEUTRAL}

users = sorted(rng.sample(range(31499533, 31499533 + 2000), 30))
start = datetime(2024, 3, 1, tzinfo=timezone.utc)
records = []
post_id = 900001
for user in users:
    leaning = rng.choice(["favor", "against", "neutral"])
    for _ in range(rng.randint(2, 5)):
        pool = POOLS[leaning] if rng.random() < 0.7 else POOLS[rng.choice(list(POOLS))]
        created = start + timedelta(minutes=rng.randint(0, 60 * 24 * 30))
        records.append({
            "user_id": str(user),
            "post_id": str(post_id),
            "text": rng.choice(pool),
            "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        })
        post_id += 1

shuffled = list(records)
rng.shuffle(shuffled)
with open("posts.jsonl", "w", encoding="utf-8", newline="\n") as out:
    for record in shuffled:
        out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")

os.makedirs("users", exist_ok=True)
array_users = set(users[:3])
for user in users:
    mine = [r for r in records if r["user_id"] == str(user)]
    if user in array_users:
        with open(f"users/{user}.json", "w", encoding="utf-8", newline="\n") as out:
            json.dump(mine, out, ensure_ascii=False, indent=2)
            out.write("\n")
    else:
        with open(f"users/{user}.jsonl", "w", encoding="utf-8", newline="\n") as out:
            for record in mine:
                out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
