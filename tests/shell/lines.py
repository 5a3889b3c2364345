"""Shell lines whose output and exit code the interpreter must match with busybox `sh`.

Each runs in a fresh working directory holding FILES; paths outside it are only ones that do
not exist (/nope...) or /dev/null, so the goldens do not depend on the recording machine.
"""

FILES = {
    "hello.txt": "hello\nworld\nHello again\n",
    "nums.txt": "3\n1\n2\n10\n",
    "dir/a.txt": "a\n",
    "dir/b.txt": "bee\nbee\n",
    "script.sh": "#!/bin/sh\necho script $1 $#\nexit 3\n",
    "csv.txt": "name:age:city\nann:31:oslo\nbob:27:rome\n",
}
DIRS = ["dir/sub", "empty"]

LINES = [
    # echo, quoting, variables
    "echo hello", "echo hello world", "echo 'single  quoted'", 'echo "double  quoted"', "echo a\\ b",
    "echo -n no newline", "echo -e 'a\\tb'", "echo -e 'line1\\nline2'", "echo", "echo ''",
    "x=1; echo $x", "x=1 y=2; echo $x$y", 'x="a  b"; echo $x', 'x="a  b"; echo "$x"', "echo $UNSET_VAR",
    "echo ${UNSET:-default}", "echo ${UNSET-d2}", "x=val; echo ${x:-default}", "echo ${#HOME}",
    "x=abc; echo ${#x}", "x=; echo ${x:-empty}", "x=; echo ${x-set}end", "echo ${y:=assigned}; echo $y",
    "x=1; echo ${x:+alt}", "echo '$HOME'", 'echo "$HOME"', "echo \\$HOME", 'echo "a\\"b"',
    "echo 'it'\"'\"'s'", "a=b c=d; echo $a $c", "export E=1; sh -c 'echo $E'", "F=2; sh -c 'echo [$F]'",
    "G=3 sh -c 'echo $G'", "unset HOME; echo [$HOME]", "echo $((1+2))", "echo $((7/2)) $((7%3)) $((2*3+1))",
    "i=5; echo $((i*2))", "i=5; i=$((i-1)); echo $i", "echo $(( (1+2)*3 ))", "echo $((10 > 3))",
    # command substitution
    "echo $(echo inner)", 'echo "$(echo a; echo b)"', "echo $(echo a; echo b)", "echo `echo back`",
    "x=$(echo sub); echo $x", "x=$(exit 3); echo $?", "echo $(echo $(echo nested))", "echo pre$(echo mid)post",
    "n=$(cat nums.txt | wc -l); echo $n", "echo \"$(cat dir/a.txt)\"",
    # status, sequences, and/or
    "true; echo $?", "false; echo $?", "false || echo rescued", "true && echo yes", "false && echo no",
    "true || echo no", "false || echo a && echo b", "true && false || echo c", "! true; echo $?",
    "! false; echo $?", "exit 3", "exit 0", "exit 256", "exit 257", "echo a; exit 2; echo b", "exit foo",
    "(exit 4); echo $?", "(exit 4)", "false; exit", "ls /nope; echo $?", ":; echo $?",
    # not found, syntax errors
    "notexist", "notexist arg; echo $?", "/bin/notexist", "./nope.sh", "if; then fi", "echo )",
    "echo \"unterminated", "echo 'unterminated", "for 1 in a; do :; done", "fi", "done", "echo a |",
    "&& echo x", "while true; do", "{ echo a", "echo $(",
    # if / while / for
    "if true; then echo y; fi", "if false; then echo y; else echo n; fi",
    "if false; then echo 1; elif true; then echo 2; else echo 3; fi", "if false; then echo y; fi; echo $?",
    "for i in 1 2 3; do echo $i; done", "for i in a b; do for j in 1 2; do echo $i$j; done; done",
    "for f in *.txt; do echo $f; done", "for f in dir/*; do echo $f; done", "for f in *.none; do echo $f; done",
    "x=3; while [ $x -gt 0 ]; do echo $x; x=$((x-1)); done", "x=0; until [ $x -ge 2 ]; do echo $x; x=$((x+1)); done",
    "for i in 1 2 3 4; do if [ $i = 3 ]; then break; fi; echo $i; done",
    "for i in 1 2 3; do if [ $i = 2 ]; then continue; fi; echo $i; done",
    "while read line; do echo got $line; done < nums.txt", "cat nums.txt | while read n; do echo n=$n; done",
    "for i in 1 2; do echo $i; done | wc -l", "i=0; while true; do i=$((i+1)); [ $i -ge 3 ] && break; done; echo $i",
    "{ echo a; echo b; } | wc -l", "(echo sub; echo shell) | tail -n 1", "(cd dir && ls)", "x=1; (x=2); echo $x",
    # redirections
    "echo hi > out.txt; cat out.txt", "echo 1 > f; echo 2 >> f; cat f", "echo 1 > f; echo 2 > f; cat f",
    "cat < hello.txt", "wc -l < nums.txt", "ls /nope 2> err.txt; cat err.txt", "ls /nope 2>&1 | wc -l",
    "ls /nope > /dev/null 2>&1; echo $?", "echo out 1>&2", "echo hi > /nope/x", "cat < /nope",
    "echo a > dir; echo $?", "{ echo a; echo b; } > g; cat g", "echo x >/dev/null", "cat /dev/null; echo $?",
    # files
    "cat hello.txt", "cat hello.txt dir/a.txt", "cat /nope", "cat dir", "cat /nope hello.txt; echo $?", "ls",
    "ls dir", "ls -a dir", "ls /nope", "ls hello.txt", "ls -d dir", "ls empty", "ls hello.txt /nope; echo $?",
    "ls dir empty", "mkdir new && ls -d new", "mkdir dir", "mkdir /nope/x", "mkdir -p a/b/c && ls a/b",
    "mkdir -p dir; echo $?", "touch t && ls t", "touch /nope/x", "rm hello.txt && ls hello.txt",
    "rm /nope", "rm -f /nope; echo $?", "rm dir", "rm -r dir && ls", "rmdir empty && ls",
    "rmdir dir", "cp hello.txt c.txt && cat c.txt", "cp /nope x", "cp dir d2", "cp -r dir d2 && ls d2",
    "cp hello.txt dir && ls dir", "mv hello.txt m.txt && ls", "mv /nope x", "mv dir/a.txt . && ls dir",
    "head -n 2 hello.txt", "head -1 hello.txt", "head /nope", "tail -n 1 hello.txt", "tail -n +2 hello.txt",
    "tail /nope", "tail -2 nums.txt", "head -n 1 hello.txt nums.txt", "wc -l hello.txt", "wc hello.txt",
    "wc -w hello.txt", "wc -c dir/a.txt", "wc /nope", "wc -l hello.txt nums.txt", "cat hello.txt | wc -l",
    # grep
    "grep hello hello.txt", "grep -i hello hello.txt", "grep -v hello hello.txt", "grep -c l hello.txt",
    "grep -n world hello.txt", "grep nothing hello.txt; echo $?", "grep -q world hello.txt; echo $?",
    "grep x /nope; echo $?", "grep -l bee dir/a.txt dir/b.txt", "grep bee dir/a.txt dir/b.txt",
    "grep -E 'wor|hel' hello.txt", "grep '^H' hello.txt", "grep 'd$' hello.txt", "echo abc | grep -o b",
    "grep -w bee dir/b.txt | wc -l", "echo a | grep b", "echo a | grep b; echo $?",
    # text tools
    "printf '%s\\n' a b c", "printf '%5s|%-3d|%x\\n' ab 7 255", "printf 'no newline'", "printf '%d\\n' 42",
    "printf '%s-%s\\n' a b c", "printf '%03d\\n' 7", "printf '%%\\n'", "seq 3", "seq 2 4", "seq 1 2 7",
    "echo abc | tr a-c A-C", "echo hello | tr -d l", "echo 'a:b:c' | cut -d: -f2", "cut -d: -f1,3 csv.txt",
    "sort nums.txt", "sort -n nums.txt", "sort -rn nums.txt", "sort dir/b.txt | uniq", "sort dir/b.txt | uniq -c",
    "basename /a/b/c.txt", "basename /a/b/c.txt .txt", "dirname /a/b/c.txt", "dirname c.txt",
    "expr 2 + 3", "expr 7 / 2", "expr 3 \\* 4", "expr 1 = 1", "expr 1 = 2; echo $?", "yes | head -n 2",
    # test
    "[ a = a ]; echo $?", "[ a = b ]; echo $?", "[ a != b ]; echo $?", "[ 1 -lt 2 ]; echo $?",
    "[ 2 -le 1 ]; echo $?", "[ -f hello.txt ]; echo $?", "[ -d dir ]; echo $?", "[ -e /nope ]; echo $?",
    "[ -z '' ]; echo $?", "[ -n '' ]; echo $?", "[ -s empty ]; echo $?", "test -d dir && echo dir",
    "test 1 -eq; echo $?", "[ a = a; echo $?", "[ ! -f nope ]; echo $?", "[ 1 -eq 1 -a 2 -eq 2 ]; echo $?",
    "[ 1 -eq 2 -o 2 -eq 2 ]; echo $?", "[ abc ]; echo $?", "[ ]; echo $?", "[ x -eq 1 ]; echo $?",
    # builtins
    "cd dir && cat a.txt", "cd /nope", "cd hello.txt", "cd dir; cd ..; ls -d dir", "sh -c 'exit 5'; echo $?",
    "sh -c 'echo $0 $1' zero one", "sh script.sh arg; echo $?", "sh /nope.sh", "sh -c", "eval 'echo ev'",
    "x='echo from eval'; eval $x", "set -- a b c; echo $# $2", "set -- a b; shift; echo $1",
    "read v < hello.txt; echo $v", "echo 'a b c' | { read x y; echo $y; }", "type echo", "command -v cd",
    "export X=1; env | grep '^X='", "env -i A=1 env", "export P=1; env | grep ^P=", "echo $(( 5 - 7 ))",
    "true && { echo grouped; }", "sleep 0; echo slept", "sleep 1; echo $?", "sleep abc", "sleep 1.5; echo ok",
    # here-documents
    "cat <<EOF\nhome=$HOME \"q\" \\$x `echo bt` $(echo sub) $((1+1))\nEOF", "cat <<'EOF'\nraw $HOME `x`\nEOF",
    "cat <<\"E\"\n$HOME\nE\necho after", "cat <<-EOF\n\t\tindented\n\tEOF", "cat <<EOF | grep b\na\nb\nEOF",
    "while read l; do echo got $l; done <<EOF\none\ntwo\nEOF", "cat <<EOF > h.txt\nsaved\nEOF\ncat h.txt",
    "cat <<EOF\nno end", "cat << E1; cat <<E2\none\nE1\ntwo\nE2", "x=5; cat <<EOF\n${x:-d} $(( x * 2 ))\nEOF",
    # case
    "case abc in a*) echo A;; *) echo other;; esac", "case x in y) echo y;; esac; echo $?",
    "x=hello; case \"$x\" in h?llo|bye) echo match;; esac", "case 5 in [0-9]) echo digit;; esac",
    "case '*' in \\*) echo star;; *) echo any;; esac", "case a in (a) echo paren;; esac",
    "for f in a.txt b.log c; do case $f in *.txt) echo text $f;; *.log) echo log $f;; *) echo other $f;; esac; done",
    "case x in\n  x)\n    echo multi\n    ;;\nesac", "case $UNSET in '') echo empty;; esac", "case a in b) ;; esac; echo $?",
    "case a in", "case a in a) echo x", "x='a*'; case abc in $x) echo pat;; esac; case abc in \"$x\") echo lit;; esac",
    # functions
    "f() { echo \"$# $1\"; return 3; }; f a b; echo $?", "f() { echo in f; }; f; f", "f() { echo $1; }; f",
    "x=1; f() { local x=2; echo $x; }; f; echo $x", "f() { x=changed; }; x=1; f; echo $x",
    "f() { for i in \"$@\"; do echo \"[$i]\"; done; }; f 1 '2 3'", "greet() {\n  echo \"hello $1\"\n}\ngreet world",
    "f() { echo out; echo err >&2; }; f > fo.txt 2>&1; cat fo.txt", "f() { echo $1; }; f x | tr x y",
    "f() { echo sub; }; echo $(f)", "f() { return; }; false; f; echo $?",
    "fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(($1-1))) )); fi; }; fact 5",
    "set -- a b; f() { echo $1; }; f x; echo $1", "f() ( echo subshell fn ); f", "f() { exit 4; echo no; }; f; echo no",
    "return 5", "local x=1", "type f; f() { :; }; type f", "f() { echo $#; }; f '' ''",
    # trap and parameter expansion
    "trap 'echo bye' EXIT; echo hi", "trap 'echo bye; exit 4' EXIT; echo hi; exit 1", "trap 'echo bye' EXIT; trap - EXIT; echo hi",
    "trap 'echo t' NOSUCH; echo $?", "x=hello.tar.gz; echo ${x%.gz} ${x%%.*} ${x#*.} ${x##*.}",
    "x=hello; echo ${x/l/L} ${x//l/L} ${x:1:3} ${x:2}", "echo ${x:?unset here}", "x=; echo ${x?ok}end",
    "echo ${a:-${b:-deep}}", "p=/a/b/c.txt; echo ${p##*/} ${p%/*}", "x=abc; echo ${x#z} ${x%z}",
    "i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i", "echo $(( 2 + 3 * 4 )) $(( (2+3) * 4 ))",
    "n=3; echo $((n += 2)) $n", "echo $(( 10 / 3 )) $(( -7 / 2 )) $(( 1 << 3 ))",
    "V=1 && echo ok || echo no", "[ -f nope ] || echo missing && echo next", "mkdir -p logs && echo x >> logs/a.log && cat logs/a.log",
    # sed
    "echo hello | sed 's/l/L/'", "echo hello | sed 's/l/L/g'", "sed -n '2p' hello.txt", "sed -n '/world/p' hello.txt",
    "sed '2d' hello.txt", "sed '$d' hello.txt", "sed -n '$p' hello.txt", "sed '/^H/d' hello.txt",
    "sed -e 's/a/A/' -e 's/o/0/g' hello.txt", "sed 's/\\(h\\)ello/\\1i/' hello.txt", "sed 's/l*/X/' hello.txt",
    "sed 's/o/0/2' hello.txt", "sed -n 's/o/0/p' hello.txt", "sed 's/hello/[&]/' hello.txt",
    "sed -i 's/world/earth/' hello.txt; cat hello.txt",
    "sed 's|/|_|g' <<EOF\n/a/b\nEOF", "sed '1,2d' hello.txt", "sed -n '2,$p' hello.txt", "sed '/world/,$d' hello.txt",
    "sed 's/x/y/' /nope; echo $?", "sed 's/x/y' hello.txt; echo $?", "sed -E 's/(l+)/<\\1>/' hello.txt",
    "sed 's/a/b/;s/b/c/' csv.txt", "sed 'q' hello.txt", "sed '2q' hello.txt", "sed -n '/a/{p;}' csv.txt",
    "sed 's/.*/\\U&/' hello.txt", "sed = dir/b.txt", "sed 's/[0-9]\\+/N/' csv.txt", "echo a.b | sed 's/./X/g'",
    "printf 'k=v\\n' | sed 's/^\\([^=]*\\)=\\(.*\\)$/\\2=\\1/'", "sed -n '1!p' hello.txt", "sed '1i\\\ntop' dir/a.txt",
    "sed 'a after' dir/a.txt", "sed 'y/abc/xyz/' csv.txt", "sed -n 'p' dir/a.txt", "sed 's/e/E/gI' dir/b.txt",
    # pipelines and substitutions that sleep; tee
    "echo $(sleep 1; echo late) now", "for i in 1 2; do echo $i; sleep 1; done | cat", "sleep 1 | echo first",
    "for i in a b c; do echo $i; sleep 1; done | grep -v b", "for i in 1 2 3; do echo $i; done | tee t.txt | wc -l; cat t.txt",
    "echo one | tee -a hello.txt > /dev/null; tail -1 hello.txt", "echo x | tee /nope/f; echo $?",
    "(echo a; sleep 1; echo b) | tee t.txt; cat t.txt", "x=$(sleep 1; exit 4); echo $?",
    "sh -c 'echo a; sleep 1; echo b' > o.txt; cat o.txt", "for i in 1 2; do echo $i; sleep 1; done | tr 12 ab | cat",
    "printf 'a\nb\n' | grep -c a", "yes | head -n 2",
    # the network tools' option parsing (no network needed)
    "wget --nosuch x 2>&1 | head -1", "wget --nosuch x 2>/dev/null; echo $?", "wget -Z x 2>&1 | head -1",
    "wget -O 2>&1 | head -1", "wget --header 2>&1 | head -1", "wget 2>/dev/null; echo $?",
    "ping -c x somewhere 2>&1; echo $?", "ping -Z h 2>&1 | head -1", "ping -c 2>&1 | head -1",
    "telnet 2>&1 | tail -1", "telnet a b c 2>/dev/null; echo $?", "nc -Z 2>&1 | head -1", "nc -p 2>&1 | head -1",
    "httpd -Z 2>&1 | head -1", "httpd -p 2>&1 | head -1",
]
