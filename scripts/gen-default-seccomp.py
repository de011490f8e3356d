#!/usr/bin/env python3
"""gen-default-seccomp.py MOBY_DEFAULT_JSON OUT

Writes Wharf's default seccomp profile (src/Wharf.Containers/Spec/Seccomp/default-profile.json)
from moby's profiles/seccomp/default.json: the same rules in Docker's profile format (archMap,
conditional includes/excludes on caps, arches and minKernel), normalized (names sorted, comments
and empty fields dropped) so a regeneration shows real changes only. Wharf resolves it for each
container's capabilities at spec time (Wharf.Containers.SeccompProfile).
"""
import json
import sys

def clean_filter(f):
    if not f:
        return None
    out = {}
    for key in ("caps", "arches"):
        if f.get(key):
            out[key] = f[key]
    if f.get("minKernel"):
        out["minKernel"] = f["minKernel"]
    return out or None

def main(src, dst):
    with open(src) as fh:
        profile = json.load(fh)
    out = {
        "defaultAction": profile["defaultAction"],
        "defaultErrnoRet": profile.get("defaultErrnoRet"),
        "archMap": [
            {"architecture": a["architecture"], "subArchitectures": a.get("subArchitectures") or []}
            for a in profile.get("archMap", [])
        ],
        "syscalls": [],
    }
    for rule in profile["syscalls"]:
        names = rule.get("names") or [rule["name"]]
        entry = {"names": sorted(names), "action": rule["action"]}
        if rule.get("errnoRet") is not None:
            entry["errnoRet"] = rule["errnoRet"]
        if rule.get("args"):
            entry["args"] = [
                {k: a[k] for k in ("index", "value", "valueTwo", "op") if a.get(k) not in (None, 0) or k in ("index", "value", "op")}
                for a in rule["args"]
            ]
        for key in ("includes", "excludes"):
            f = clean_filter(rule.get(key))
            if f:
                entry[key] = f
        out["syscalls"].append(entry)
    if out["defaultErrnoRet"] is None:
        del out["defaultErrnoRet"]
    with open(dst, "w") as fh:
        json.dump(out, fh, indent=1, sort_keys=False)
        fh.write("\n")

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
