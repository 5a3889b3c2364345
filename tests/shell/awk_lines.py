"""The awk programs whose output tests/shell/awk_goldens.json records from a real busybox awk
(`python tests/shell/make_goldens.py awk`): (awk's arguments, the name of the input fed on stdin).
The input files sit in the working directory too, under their names. The recording busybox was
built without awk's math library: no `^`, sqrt, exp, log, sin or cos here (kubetui has them)."""

PODS = """NAME                     READY   STATUS             RESTARTS   AGE
web-7c5ddbdf54-2xkqv     1/1     Running            0          5m
web-7c5ddbdf54-8mlxz     1/1     Running            2          5m
api-6d4b8c9f7-qq2jd      0/1     CrashLoopBackOff   7          12m
db-0                     1/1     Running            0          1h
job-x-4k2lp              0/1     Completed          0          30s
"""

PODS_A = """NAMESPACE     NAME                     READY   STATUS      RESTARTS   AGE
default       web-7c5ddbdf54-2xkqv     1/1     Running     0          5m
kube-system   coredns-5d78c9869d-abcde 1/1     Running     0          2d
shop          cart-0                   0/1     Pending     0          1m
shop          pay-5b9c-77xkz           0/1     Error       3          4m
"""

NODES = """NAME           STATUS     ROLES           AGE   VERSION
control-plane  Ready      control-plane   10d   v1.37.0
worker-1       Ready      <none>          10d   v1.37.0
worker-2       NotReady   <none>          3d    v1.37.0
"""

TOP = """NAME                   CPU(cores)   MEMORY(bytes)
web-7c5ddbdf54-2xkqv   12m          64Mi
api-6d4b8c9f7-qq2jd    250m         300Mi
db-0                   101m         1024Mi
"""

NUMS = "3\n10\n-2.5\n7\nabc\n0\n"

PASSWD = """root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
"""

CSV = "name,qty,price\napple,3,0.5\npear,10,0.25\nfig,,2\n"

TSV = "a\tb c\td\n1\t2 3\t4\n"

WORDS = "the quick brown fox\njumps over the lazy dog\nthe end\n\n  spaced   out  \n"

FILES = {"pods": PODS, "pods-a": PODS_A, "nodes": NODES, "top": TOP, "nums": NUMS, "passwd": PASSWD,
         "csv": CSV, "tsv": TSV, "words": WORDS}

CASES = [
    # the learners' lines
    (["{print $1}"], "pods"),
    (["NR>1 {print $1, $2}"], "nodes"),
    (["NR>1 && $2+0 > 100 {print $1}"], "top"),
    (["$2 > 100"], "top"),
    (["$4 != \"Running\""], "pods-a"),
    (["NR>1 && $4 != \"Running\" {print $1\"/\"$2}"], "pods-a"),
    (["-F:", "{print $1}", "passwd"], "nums"),
    (["{s+=$1} END {print s}"], "nums"),
    (["-F", ":", "$3 >= 1000 {print $1, $7}", "passwd"], "nums"),
    (["{print $NF}"], "pods"),
    (["{print $(NF-1)}"], "pods"),
    (["NR==1"], "pods"),
    (["NR>1"], "pods"),
    (["/Running/"], "pods"),
    (["!/Running/"], "pods"),
    (["/api/,/db/"], "pods"),
    (["NR==2,NR==3 {print NR\": \"$1}"], "pods"),
    (["$3 ~ /Crash|Completed/ {print $1}"], "pods"),
    (["$3 !~ /^Run/"], "pods"),
    (["NR>1 {r+=$4} END {print \"restarts:\", r}"], "pods"),
    (["END {print NR}"], "pods"),
    (["{print NF}"], "words"),
    (["{n+=NF} END {print n, NR}"], "words"),
    (["{print length($0)}"], "words"),
    (["length > 10"], "words"),
    (["{$2=\"X\"; print}"], "words"),
    (["{$1=$1; print}"], "words"),
    (["BEGIN{OFS=\"-\"} {$1=$1; print}"], "words"),
    (["{$6=\"Z\"; print; print NF}"], "nodes"),
    (["{NF=2; print}"], "pods"),
    (["BEGIN{OFS=\":\"} {print $1, $2}"], "pods"),
    (["BEGIN{ORS=\";\"} {print $1}"], "nodes"),
    (["-F,", "NR>1 {t+=$2*$3} END {printf \"%.2f\\n\", t}"], "csv"),
    (["-F,", "{print NF\": \"$2}"], "csv"),
    (["-F,", "$2 == \"\" {print \"empty:\", $1}"], "csv"),
    (["-F\\t", "{print $2}"], "tsv"),
    (["-F", "\t", "{print $3\"|\"$1}"], "tsv"),
    (["-F", "[:/]", "{print $1, $NF}", "passwd"], "nums"),
    (["-v", "x=5", "{print $1 * x}"], "nums"),
    (["-v", "pre=>>", "NR<3 {print pre, $0}"], "nums"),
    (["{print ($1 > 5), ($1 < \"5\"), ($1 == 0)}"], "nums"),
    (["$1 > 5"], "nums"),
    (["$1 == 0"], "nums"),
    (["{print $1+0, -$1, $1 % 3}"], "nums"),
    (["{print int($1/3), $1/4}"], "nums"),
    (["BEGIN {print 1/3, 100/7, 2.50, 1e6, 1e16, 123456789012, 0.1+0.2, 1e-5}"], "nums"),
    (["BEGIN {x = \"3x\"; y = \"abc\"; print x+1, y+0, +\"\", x y}"], "nums"),
    (["BEGIN {print 7%3, -7%3, 7.5%2}"], "nums"),
    (["BEGIN {printf \"%s|%d|%i|%5s|%-5s|%%|%c|%c\\n\", \"a\", 42.9, -3, \"ab\", \"cd\", 65, \"hello\"}"], "nums"),
    (["BEGIN {printf \"%.2f %5.1f %x %X %o %e\\n\", 3.14159, 2.25, 255, 255, 8, 1234.5}"], "nums"),
    (["BEGIN {printf \"%-10s|%10s|\\n\", \"left\", \"right\"}"], "nums"),
    (["BEGIN {printf \"%d %d\\n\", 1}"], "nums"),
    (["BEGIN {printf \"%s\\n\"}"], "nums"),
    (["NR>1 {printf \"%-25s %s\\n\", $1, $3}"], "pods"),
    (["BEGIN {s = sprintf(\"%03d-%s\", 7, \"x\"); print s, length(s)}"], "nums"),
    (["BEGIN {print substr(\"hello\", 2, 3), substr(\"hello\", 2), substr(\"hello\", 0), substr(\"hello\", -1, 3)}"], "nums"),
    (["BEGIN {print index(\"kubernetes\", \"net\"), index(\"abc\", \"z\"), length(\"abc\"), length()}"], "nums"),
    (["BEGIN {n = split(\"a:b:c\", parts, \":\"); print n, parts[1], parts[3]}"], "nums"),
    (["BEGIN {n = split(\"  x  y \", w); print n, w[1] w[2]}"], "nums"),
    (["{n = split($1, p, \"-\"); print n, p[1]}"], "pods"),
    (["{sub(/o/, \"0\"); print}"], "words"),
    (["{n = gsub(/o/, \"[&]\"); print n, $0}"], "words"),
    (["{gsub(/[aeiou]/, \"\\\\&\"); print}"], "words"),
    (["{gsub(\"e\", \"E\", $2); print}"], "words"),
    (["{if (match($0, /o+/)) print RSTART, RLENGTH; else print \"none\", RSTART, RLENGTH}"], "words"),
    (["{print toupper($1), tolower(\"MiXeD\")}"], "nodes"),
    (["NR>1 {sub(/m$/, \"\", $2); if ($2+0 > 100) print $1, $2}"], "top"),
    (["NR>1 {split($3, a, \"M\"); s += a[1]} END {print s \"Mi\"}"], "top"),
    (["{c[$3]++} END {for (k in c) print k, c[k]}"], "pods"),
    (["NR>1 {c[$2]++} END {for (s in c) print s, c[s]}"], "nodes"),
    (["BEGIN {a[\"x\"]=1; a[\"y\"]=2; delete a[\"x\"]; for (k in a) print k; print (\"x\" in a), (\"y\" in a), length(a)}"], "nums"),
    (["BEGIN {for (i = 1; i <= 5; i++) s = s i; print s}"], "nums"),
    (["BEGIN {i = 0; while (i < 3) {print \"w\" i; i++}}"], "nums"),
    (["BEGIN {i = 5; do {print i; i -= 2} while (i > 0)}"], "nums"),
    (["BEGIN {for (i = 0; i < 10; i++) {if (i == 2) continue; if (i == 5) break; print i}}"], "nums"),
    (["{if ($1 > 5) print \"big\", $1; else if ($1 < 0) print \"neg\"; else print \"small\"}"], "nums"),
    (["{print ($1 > 5 ? \"big\" : \"small\")}"], "nums"),
    (["NR==3 {next} {print NR}"], "nums"),
    (["NR==3 {exit} {print NR} END {print \"end\"}"], "nums"),
    (["BEGIN {exit 3} END {print \"end\"}"], "nums"),
    (["{x = x + 1; y += 2; z *= 3; w -= 1} END {print x, y, z, w}"], "nums"),
    (["BEGIN {x = 10; x /= 4; print x; x %= 2; print x; print x++, x, ++x, x--, --x}"], "nums"),
    (["BEGIN {print 1 \" \" -1, 2 -1, !x, !0, !\"\", !\"a\", - - 3}"], "nums"),
    (["BEGIN {x = (1 < 2) && (2 < 1); y = (1 < 2) || (2 < 1); print x, y, !(1 == 1)}"], "nums"),
    (["BEGIN {print \"10\" < \"9\", 10 < 9, \"abc\" < \"abd\", \"\" < \"a\"}"], "nums"),
    (["{print FILENAME, FNR, NR}", "nums", "-", "csv"], "words"),
    (["FNR==1 {print FILENAME}", "pods", "nodes"], "nums"),
    (["{print}", "nums", "missing"], "nums"),
    (["{print $1"], "nums"),
    (["{print $1}}"], "nums"),
    (["BEGIN {x = }"], "nums"),
    (["BEGIN {print \"abc}"], "nums"),
    (["BEGIN {print 1/0}"], "nums"),
    (["BEGIN {print substr(\"hello\")}"], "nums"),
    (["BEGIN {printf \"%z\\n\", 1}"], "nums"),
    (["{print $-1}"], "nums"),
    (["BEGIN {print \"to stderr\" > \"/dev/stderr\"; print \"out\"}"], "nums"),
    (["{print $1 > \"out.txt\"} END {print \"done\"}"], "nums"),
    (["NR<3 {print $1 >> \"out.txt\"; print \"x\" > \"out.txt\"}"], "pods"),
    (["-F", "x", "BEGIN {print FS}"], "nums"),
    (["BEGIN {FS=\",\"} {print $1}"], "csv"),
    (["{print $1}", "FS=,", "csv"], "nums"),
    (["/^$/ {print \"blank at\", NR}"], "words"),
    (["$1 ~ \"^w\""], "nodes"),
    (["/[[:digit:]]+m/ {print $1}"], "top"),
    (["/a{2}|x{1,}/"], "words"),
    (["{print; print \"--\"}"], "csv"),
    (["BEGIN {print length(12345), length(1/4)}"], "nums"),
    (["BEGIN {x[1]=1; x[2]=2; x[10]=10; n=0; for (k in x) n += x[k]; print n}"], "nums"),
    (["BEGIN {a = \"A\"; b = a \"B\" a; print b; print a, b}"], "nums"),
    (["NR % 2 == 0"], "nums"),
    (["BEGIN {print -3 % 2, int(-3.7), int(\"4.9x\")}"], "nums"),
    (["{ $3 = \"\"; print; print NF }"], "words"),
]
