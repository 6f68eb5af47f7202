# Writes internal/py/testdata/pyyaml_cases.json: how MLflow's write_yaml
# (yaml.dump, CSafeDumper, default_flow_style=False, allow_unicode=True,
# sort_keys=True) writes one-key mappings of tricky strings.
import json, sys, yaml
assert yaml.__with_libyaml__
base = ["", "0", "123", "123456789012345678", "yes", "no", "Yes", "ON", "off", "y", "n", "true", "False",
 "null", "Null", "NULL", "~", "=", "<<", "!", "&a", "*a", "1.0", "1e5", "1e+5", "1.5e-05", ".5", ".inf", "-.inf", ".NaN",
 "0x1F", "010", "0b101", "1_000", "+1", "-1", "1:30", "1:30.5", "2024-01-01", "2024-1-1 10:00:00", "2024-01-01T10:00:00Z",
 "1.2.3", "e5", "nan", "inf", "Default", "my exp", "a: b", "a:b", "x:", "a #b", "a#b", "#x", "-x", "- x", "-", ":x", ": x",
 "?x", "? x", "---", "--- x", "...", "...x", "[a]", "a[b]", "{a}", "a,b", ",a", "%x", "@x", "`x", "|x", ">x", "'q", "q'", "a'b",
 '"dq', 'a"b', "back\\slash", " lead", "trail ", " ", "  ", "a  b", "\n", "a\n", "\na", "a\nb", "a\n\nb", "a \nb", "a\n b",
 "tab\there", "\tlead", "cr\rhere", "crlf\r\nx", "nul\x00x", "del\x7fx", "bell\x07", "esc\x1b", "nbsp\u00a0x", "\ufeffbom",
 "nel\x85x", "ls\u2028x", "é", "unicode é 中文", "emoji \U0001F600", "file:///tmp/mlruns/0", "/abs/path with space/mlruns",
 "ana", "root", "user.name", "o'brien", "C:\\Users\\x"]
long = []
for n in (60, 70, 75, 78, 79, 80, 81, 82, 85, 90, 120, 200):
    long.append(("word " * 60)[:n])
    long.append(("ab cd " * 60)[:n] + "x")
    long.append("/home/some user/projects/" + "deep dir/" * (n // 9))
    long.append(("o'k x " * 40)[:n] + "z")
    long.append(("t\tx " * 40)[:n] + "q")
    long.append("a" * n + " b c")
    long.append(("x " * 100)[:n] + "yes")
    long.append(("é " * 100)[:n] + "e")
    long.append(("a\nb " * 40)[:n])
    long.append(" " + ("w " * 60)[:n] + "x")
cases = []
for key in ("name", "user_id", "run_name", "artifact_uri", "artifact_location"):
    for v in base + long:
        cases.append({"key": key, "value": v, "yaml": yaml.dump({key: v}, default_flow_style=False, allow_unicode=True, sort_keys=True, Dumper=yaml.CSafeDumper)})
# values that are not strings, as meta.yaml holds them
for key, v in (("end_time", None), ("status", 3), ("tags", []), ("tags", {}), ("start_time", 1700000000123)):
    cases.append({"key": key, "value": v, "yaml": yaml.dump({key: v}, default_flow_style=False, allow_unicode=True, sort_keys=True, Dumper=yaml.CSafeDumper)})
json.dump(cases, open(sys.argv[1], "w"), ensure_ascii=True, indent=0)
print(len(cases))
