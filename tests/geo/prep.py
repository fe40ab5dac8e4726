#!/usr/bin/python3
"""prep.py -- a gold geoparsing file as tocsin input: id and text only (the gold files'
dates are free text such as "7:58 AM ET, Sat January 3, 2015"; places need no date)."""
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    print(json.dumps({"id": d["id"], "text": d["text"]}, ensure_ascii=False))
