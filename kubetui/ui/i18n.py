"""Every sentence the game's screens show, in English and Korean.

Kubernetes' own words (kind names, kubectl output, Event reasons) stay as Kubernetes prints
them in both languages: the learner must recognise them on a real cluster.
"""

from __future__ import annotations

import locale
import os

LANGS = ("en", "ko")

STRINGS: dict[str, tuple[str, str]] = {
    # home
    "app.title": ("kubetui — a Kubernetes cluster in your terminal", "kubetui — 터미널 속 쿠버네티스 클러스터"),
    "home.campaign": ("Campaign", "캠페인"),
    "home.exercises": ("Exercises", "연습 문제"),
    "home.sandbox": ("Sandbox — free play, faults allowed", "샌드박스 — 자유 플레이, 장애 주입 가능"),
    "home.replays": ("Replays", "리플레이"),
    "home.no_scenarios": ("No scenarios found.", "시나리오가 없습니다."),
    "home.help": ("Enter play · ↑↓ choose · l language · ? keys · q quit",
                  "Enter 시작 · ↑↓ 선택 · l 언어 · ? 키 · q 종료"),
    "home.language_about": ("Enter or l switches between English and 한국어: menus, lessons, tasks and debriefs.",
                            "Enter 또는 l: English 와 한국어를 바꿉니다(메뉴, 강의, 과제, 해설)."),
    "home.completed": ("completed", "완료"),
    "home.difficulty": ("difficulty", "난이도"),
    "home.concepts": ("Concepts", "개념"),
    "home.language": ("Language: English", "언어: 한국어"),
    "home.exam_start": ("Exam — timed, no hints", "모의 시험 — 시간 제한, 힌트 없음"),
    "home.exam_past": ("seed {seed} · {minutes} min", "시드 {seed} · {minutes}분"),
    "home.exam_none": ("No exam taken yet.", "아직 본 시험이 없습니다."),
    "home.exam_taken": ("Exams taken: {count} · best {best}%", "본 시험: {count}회 · 최고 {best}%"),
    # exam
    "exam.title": ("Exam", "모의 시험"),
    "exam.about": ("A timed exam in the manner of the CKAD. Tasks are drawn from the exercise packs, each "
                   "domain by its weight in the curriculum, until their time limits fill the duration; each "
                   "task gets a fresh cluster of its own. The countdown runs in real time. There are no "
                   "hints and no solutions. ctrl+k checks the current task as often as you like, ctrl+n "
                   "moves to the next, q ends the exam. Each task earns the share of its parts that pass, "
                   "weighted by its time limit; the pass mark is {mark}%. The report is saved in {folder}.",
                   "CKAD 방식의 시간 제한 시험입니다. 연습 문제 묶음에서 영역별 출제 비중에 따라 과제를 뽑아 "
                   "제한 시간을 채웁니다. 과제마다 새 클러스터가 주어집니다. 남은 시간은 실제 시간으로 줄어듭니다. "
                   "힌트와 풀이는 볼 수 없습니다. ctrl+k 로 현재 과제를 몇 번이든 검사하고, ctrl+n 으로 다음 "
                   "과제로, q 로 시험을 마칩니다. 과제마다 통과한 항목만큼 부분 점수를 받고, 과제의 제한 시간이 "
                   "비중이 됩니다. 합격선은 {mark}% 입니다. 보고서는 {folder} 에 저장됩니다."),
    "exam.minutes": ("Duration", "시간"),
    "exam.minutes_value": ("{minutes} min", "{minutes}분"),
    "exam.seed": ("Seed", "시드"),
    "exam.seed_help": ("the same seed draws the same exam", "같은 시드는 같은 시험을 뽑습니다"),
    "exam.draw": ("{count} tasks: {domains}", "과제 {count}개: {domains}"),
    "exam.draw_one": ("1 task: {domains}", "과제 1개: {domains}"),
    "exam.start_context": ("You start in context {start}.", "시작 컨텍스트는 {start}입니다."),
    "exam.no_tasks": ("No exercise fits in {minutes} minutes.", "{minutes}분 안에 맞는 연습 문제가 없습니다."),
    "exam.bad_seed": ("The seed is a whole number.", "시드는 정수입니다."),
    "exam.start": ("Start", "시작"),
    "exam.cancel": ("Cancel", "취소"),
    "exam.keys": ("Tab moves · Enter starts · Esc back", "Tab 이동 · Enter 시작 · Esc 뒤로"),
    "exam.saved": ("Report saved: {path}", "보고서 저장: {path}"),
    "exam.no_report": ("The report of this exam is not in {folder}.", "이 시험의 보고서가 {folder} 에 없습니다."),
    # play
    "play.sandbox": ("Sandbox", "샌드박스"),
    "play.paused": ("PAUSED", "일시정지"),
    "footer.command.paused": ("esc, then: space starts the clock · ? help · q quit",
                              "esc 다음: space 시간 시작 · ? 도움말 · q 종료"),
    "footer.command.running": ("esc, then: space pauses · ? help · q quit",
                               "esc 다음: space 일시정지 · ? 도움말 · q 종료"),
    "play.speed": ("speed", "속도"),
    "play.score": ("score", "점수"),
    "play.cost": ("cost", "비용"),
    "play.tick": ("tick", "틱"),
    "deprecation.moved": ("# hint: {kind} in {version} was removed in Kubernetes v{release}; write "
                          "`apiVersion: {replacement}` (what `kubectl convert` would do)",
                          "# 힌트: {version} 의 {kind} 는 쿠버네티스 v{release} 에서 제거되었습니다. "
                          "`apiVersion: {replacement}`로 바꿔 쓰세요 (`kubectl convert`가 하는 일)"),
    "deprecation.gone": ("# hint: {kind} in {version} was removed in Kubernetes v{release}, with no replacement",
                         "# 힌트: {version} 의 {kind} 는 쿠버네티스 v{release} 에서 대체 없이 제거되었습니다"),
    "exec.session": ("# a shell in the container: each line runs there (it stays between lines); ctrl+c stops "
                     "the running line; `exit` or ctrl+d returns; esc then z: the output on the whole screen",
                     "# 컨테이너 안의 셸입니다. 한 줄씩 그 안에서 실행되고(줄 사이에 상태가 남습니다) ctrl+c는 실행 중인 "
                     "줄을 멈춥니다. `exit` 또는 ctrl+d로 돌아옵니다. esc 다음 z: 출력을 화면 전체로"),
    "editor.usage": ("# give the file to edit: {editor} FILE (a file of this folder: {folder})",
                     "# 편집할 파일을 주세요: {editor} FILE (이 폴더의 파일: {folder})"),
    "editor.unreadable": ("# {file}: not a text file kubetui can edit ({why})",
                          "# {file}: kubetui 가 편집할 수 있는 텍스트 파일이 아닙니다 ({why})"),
    "exec.closed": ("# the shell ended: back to kubectl", "# 셸이 끝났습니다: 다시 kubectl 입니다"),
    "exec.interactive": ("# there is no interactive shell here: run one command at a time, "
                         "e.g. kubectl exec POD -- ls /etc",
                         "# 여기에는 대화형 셸이 없습니다. 명령을 하나씩 실행하세요. 예: kubectl exec POD -- ls /etc"),
    "tree.pods": ("{count} pods", "Pod {count}개"),
    "tree.pod": ("{count} pod", "Pod {count}개"),
    "pane.nodes": ("Nodes", "노드"),
    "pane.namespaces": ("Namespaces", "네임스페이스"),
    "pane.objects": ("Objects", "오브젝트"),
    "pane.events": ("Events", "이벤트"),
    "pane.objectives": ("Objectives", "목표"),
    "pane.charts": ("Charts", "차트"),
    "pane.output": ("Output", "출력"),
    "exam.left": ("left", "남음"),
    "output.no_match": ("/{term}: not found", "/{term}: 찾지 못함"),
    "nodes.control_plane": ("Control plane", "컨트롤 플레인"),
    "nodes.booting": ("booting", "부팅 중"),
    "nodes.running": ("running", "실행 중"),
    "nodes.stopped": ("stopped", "중지됨"),
    "command.running": ("… still running as the game goes on (ctrl+c stops it)",
                        "… 게임이 진행되는 동안 계속 실행 중입니다 (ctrl+c로 멈춤)"),
    "command.placeholder": ("type a command: kubectl get pods   (Esc: leave, ↑↓ history, Tab complete)",
                            "명령 입력: kubectl get pods   (Esc: 나가기, ↑↓ 기록, Tab 자동완성)"),
    "events.filter": ("filter events (reason, object, text)", "이벤트 필터 (이유, 오브젝트, 내용)"),
    "filter.active": ("filter", "필터"),
    "objective.passing": ("passing", "통과"),
    "objective.at-risk": ("at risk", "위험"),
    "objective.failed": ("failed", "실패"),
    "objective.pending": ("pending", "대기"),
    "objective.detail_key": ("m detail", "m 자세히"),
    "objective.none": ("No objectives: this is free play.", "목표 없음: 자유 플레이입니다."),
    "charts.replicas": ("ready pods", "준비된 Pod"),
    "charts.pending": ("pending pods", "대기 중인 Pod"),
    "charts.cpu": ("CPU requested", "CPU 요청량"),
    "charts.memory": ("memory requested", "메모리 요청량"),
    "charts.success": ("Service success rate", "서비스 성공률"),
    # detail and prompts
    "detail.close": ("Esc close", "Esc 닫기"),
    "detail.explain": ("Why is this pod Pending? The scheduler, node by node:",
                       "이 Pod는 왜 Pending인가요? 노드별 스케줄러 판단:"),
    "detail.fits": ("fits, score", "배치 가능, 점수"),
    "edit.title": ("Edit — ctrl+s applies (kubectl apply -f -), Esc cancels",
                   "편집 — ctrl+s 적용 (kubectl apply -f -), Esc 취소"),
    "edit.discard": ("Leave without saving your changes? y leaves · n goes back to editing (ctrl+s saves)",
                     "변경 내용을 저장하지 않고 나갈까요? y 나가기 · n 계속 편집 (ctrl+s 저장)"),
    "edit.file": ("{file} — ctrl+s saves it (then kubectl apply -f {file}), Esc leaves it as it was",
                  "{file} — ctrl+s 저장 (그다음 kubectl apply -f {file}), Esc 는 그대로 둡니다"),
    "scale.prompt": ("Replicas for {name}:", "{name} 의 레플리카 수:"),
    "delete.confirm": ("Delete {kind} {name}? (y/n)", "{kind} {name} 을(를) 삭제할까요? (y/n)"),
    "select.none": ("Select an object in the table first.", "먼저 표에서 오브젝트를 선택하세요."),
    "kind.unknown": ('the server doesn\'t have a resource type "{kind}"',
                     'the server doesn\'t have a resource type "{kind}"'),
    "notscalable": ("{kind} cannot be scaled.", "{kind} 는 스케일할 수 없습니다."),
    "nologs": ("Logs exist only for pods.", "로그는 Pod에만 있습니다."),
    # help
    "help.title": ("Keys", "키"),
    "help.home": ("On this screen", "이 화면에서"),
    "help.game": ("In a game", "게임 중에는"),
    # results
    "results.title": ("Results", "결과"),
    "results.passed": ("Passed", "성공"),
    "results.failed": ("Not passed", "실패"),
    "results.score": ("Score", "점수"),
    "results.guard_withheld": ("a guard: it counts once every other objective passes",
                               "지켜야 할 목표: 다른 목표가 모두 통과해야 점수가 됩니다"),
    "results.time_not_all": ("not every objective passes at the end", "끝에 통과하지 않은 목표가 있습니다"),
    "results.debrief": ("Debrief", "정리"),
    "replay.nodebrief": ("only a scenario's run has a debrief", "정리는 시나리오 실행에만 있습니다"),
    "results.log": ("Event log", "이벤트 로그"),
    "results.nolog": ("(not recorded)", "(기록 안 됨)"),
    "results.seed": ("Seed", "시드"),
    "results.seed_again": ("the same run again: {command}", "같은 실행 다시 하기: {command}"),
    "results.back": ("Enter: back to the menu · R: retry", "Enter: 메뉴로 · R: 다시 하기"),
    # lesson
    "lesson.title": ("Welcome to kubetui", "kubetui 에 오신 것을 환영합니다"),
    "lesson.1": ("The Nodes pane (left) shows each machine: Ready or not, and how much CPU and memory its pods request.",
                 "노드 창(왼쪽)은 각 머신의 상태와, Pod가 요청한 CPU·메모리 양을 보여 줍니다."),
    "lesson.2": ("The table (centre) lists pods exactly as `kubectl get pods` prints them; Events stream below it.",
                 "가운데 표는 `kubectl get pods`와 똑같이 Pod를 보여 주고, 그 아래에 이벤트가 흐릅니다."),
    "lesson.3": ("Type commands in the bar at the bottom. Try: kubectl get pods — "
                 "then kubectl create deployment web --image=nginx:1.25 --replicas=3",
                 "아래 입력줄에 명령을 입력하세요. 예: kubectl get pods — "
                 "그다음 kubectl create deployment web --image=nginx:1.25 --replicas=3"),
    "lesson.4": ("Esc leaves the bar. Then: Space pauses time, +/- change speed, d describes the selected pod, ? lists every key.",
                 "Esc로 입력줄을 나갑니다. Space 일시정지, +/- 속도, d 선택한 Pod describe, ? 모든 키 보기."),
    "lesson.1.compact": ("This terminal is small, so one pane shows at a time under the tabs: Objects, Nodes, "
                         "Namespaces, Events… Press Esc, then [ or ] to switch. (A terminal of 100×30 or more "
                         "shows them all.)",
                         "터미널이 작아서 탭 아래에 창이 하나씩 보입니다: 오브젝트, 노드, 네임스페이스, 이벤트… "
                         "Esc 를 누른 다음 [ 또는 ] 로 바꿉니다. (100×30 이상이면 모든 창이 함께 보입니다.)"),
    "lesson.2.compact": ("The Objects tab lists pods exactly as `kubectl get pods` prints them; the Nodes tab shows "
                         "each machine and how much CPU and memory its pods request.",
                         "오브젝트 탭은 `kubectl get pods`와 똑같이 Pod를 보여 주고, 노드 탭은 각 머신과 Pod가 "
                         "요청한 CPU·메모리 양을 보여 줍니다."),
    "lesson.close": ("Press Enter to start, or just type a command", "Enter 를 눌러 시작하거나, 바로 명령을 입력하세요"),
    "briefing.start": ("Enter: start the clock · or just type a command",
                       "Enter: 시간 시작 · 또는 바로 명령 입력"),
    "hint.none": ("No more hints for this scenario.", "이 시나리오에는 힌트가 더 없습니다."),
    "hint": ("Hint", "힌트"),
    # replay
    "replay.title": ("Replay (read-only): {name}", "리플레이 (읽기 전용): {name}"),
    "replay.events_title": ("Cluster Events (read-only): {name}", "클러스터 이벤트 (읽기 전용): {name}"),
    "replay.events_info": ("{events} Event(s), {warnings} Warning(s), from {first}; time runs from the first Event",
                           "이벤트 {events}개, Warning {warnings}개, {first} 부터; 시간은 첫 이벤트부터 셉니다"),
    "replay.readonly": ("this is a replay: read-only", "리플레이입니다: 읽기 전용"),
    "replay.placeholder": ("this is a replay: read-only  (:kind and /filter still work, Esc leaves)",
                           "리플레이입니다: 읽기 전용  (:종류 와 /필터 는 사용 가능, Esc 나가기)"),
    "replay.preparing": ("preparing the replay… {percent}%", "리플레이 준비 중… {percent}%"),
    "replay.wait": ("Still preparing the replay; a moment.", "리플레이를 준비하는 중입니다. 잠시만요."),
    "replay.failed": ("the replay could not be prepared: {error}", "리플레이를 준비하지 못했습니다: {error}"),
    "replay.goto": ("Go to tick ({start}–{end}):", "이동할 틱 ({start}–{end}):"),
    "replay.back": ("⏪ back to tick {tick}", "⏪ 틱 {tick} 으로 되돌아감"),
    "replay.more_commands": ("… {count} earlier command(s)", "… 이전 명령 {count}개"),
    "replay.no_warning": ("No Warning after tick {tick}.", "틱 {tick} 이후 Warning 이 없습니다."),
    "replay.no_warning_before": ("No Warning before tick {tick}.", "틱 {tick} 이전 Warning 이 없습니다."),
    "replay.no_objective": ("No objective changes after tick {tick}.", "틱 {tick} 이후 목표 변화가 없습니다."),
    "replay.no_time": ("the file gives this Event no time", "파일에 이 이벤트의 시간이 없음"),
    "explain.placed": ("Pod {name} is not waiting for the scheduler: it is {phase} on node {node}.",
                       "Pod {name} 는 스케줄러를 기다리지 않습니다: 노드 {node} 에서 {phase} 상태입니다."),
    "quit.scenario": ("End the scenario now? Objectives not yet met count as failed.  y yes · n no",
                      "지금 시나리오를 끝낼까요? 아직 달성하지 못한 목표는 실패로 처리됩니다.  y 예 · n 아니오"),
    "quit.exam": ("End the exam now? Tasks not reached score nothing.  y yes · n no",
                  "지금 시험을 끝낼까요? 풀지 못한 과제는 0점입니다.  y 예 · n 아니오"),
    "finish.confirm": ("Finish now? The clock runs from tick {tick} to the end (tick {end}) at once, with no more "
                       "commands; then the verdict.  y yes · n no",
                       "지금 마칠까요? 틱 {tick}부터 끝(틱 {end})까지 시간이 한 번에 흐르고, 더는 명령을 낼 수 "
                       "없습니다. 그다음 판정을 봅니다.  y 예 · n 아니오"),
    "finish.exercise": ("Finish now? The cluster is checked as it is and the exercise ends.  y yes · n no",
                        "지금 마칠까요? 클러스터를 지금 상태 그대로 검사하고 연습 문제를 끝냅니다.  y 예 · n 아니오"),
    "finish.running": ("Finishing: tick {tick} of {end}", "마무리하는 중: 틱 {tick} / {end}"),
    "finish.ready": ("Every objective is decided: press q to finish now.",
                     "모든 목표의 판정이 끝났습니다: q 를 눌러 지금 마치세요."),
    "replay.finished": ("# tick {tick}: the player chose to finish; the rest of the time ran at once",
                        "# 틱 {tick}: 플레이어가 마치기를 골라 남은 시간이 한 번에 흘렀습니다"),
    "replay.no_objective_before": ("No objective changes before tick {tick}.",
                                   "틱 {tick} 이전 목표 변화가 없습니다."),
}

KEY_HELP: list[tuple[str, str, str]] = [
    ("space", "pause / resume time", "시간 정지 / 재개"),
    (".", "advance one tick (1 simulated second)", "한 틱(1초) 진행"),
    ("+ / -", "faster / slower (1× 2× 5× 10× 30× 60×)", "빠르게 / 느리게"),
    ("i / >", "type a command (kubectl or sim)", "명령 입력 (kubectl 또는 sim)"),
    ("esc", "leave the command bar / close a view", "입력줄 나가기 / 화면 닫기"),
    ("↑ / ↓", "command history (in the command bar)", "명령 기록 (입력줄에서)"),
    ("tab", "complete commands, kinds, names and flags", "명령·종류·이름·플래그 자동완성"),
    ("d", "describe the selected object", "선택한 오브젝트 describe"),
    ("y", "YAML of the selected object", "선택한 오브젝트의 YAML"),
    ("l", "logs of the selected pod", "선택한 Pod의 로그"),
    ("e", "edit the selected object (ctrl+s applies)", "선택한 오브젝트 편집 (ctrl+s 적용)"),
    ("s", "scale the selected workload", "선택한 워크로드 스케일"),
    ("x", "why is the selected pod Pending (scheduler, per node); where it runs once placed",
     "선택한 Pod가 Pending인 이유 (배치된 Pod는 실행 중인 노드)"),
    ("ctrl+d", "delete the selected object (asks first)", "선택한 오브젝트 삭제 (확인 후)"),
    ("/", "filter the table as you type (/ again edits the filter)", "입력하는 대로 표 필터 (/ 를 다시 누르면 필터 수정)"),
    (":", "jump to a kind (:pods :deploy :nodes :svc :events …)", "종류로 이동 (:pods :deploy :nodes …)"),
    ("ctrl+c", "clear the command bar, or stop a command that is still running",
     "입력줄 지우기, 또는 실행 중인 명령 멈추기"),
    ("h", "the next hint (each costs points)", "다음 힌트 (힌트마다 점수가 깎임)"),
    ("f", "filter the Events pane", "이벤트 창 필터"),
    ("[ / ]", "previous / next pane (one at a time on a small screen; ] also shows Charts)",
     "이전 / 다음 창 (작은 화면에서는 한 번에 하나; ] 로 차트도 볼 수 있음)"),
    ("z", "maximise / restore the Output pane; ↑ ↓ PgUp PgDn Home End scroll it (wraps like a terminal)",
     "출력 창 최대화 / 복원; ↑ ↓ PgUp PgDn Home End 로 스크롤 (터미널처럼 줄바꿈)"),
    ("/ n N", "in the maximised Output pane: search it; next / previous match",
     "최대화한 출력 창에서: 검색; 다음 / 이전 찾기"),
    ("m", "objectives: show / hide the machine detail (each reason, type, fields and window)",
     "목표: 기계용 세부 정보 보기 / 숨기기 (판정 이유, 유형, 필드, 구간)"),
    ("?", "this help", "이 도움말"),
    ("ctrl+f", "finish now: the rest of a scenario's time runs at once, then the verdict (asks first)",
     "지금 마치기: 시나리오의 남은 시간이 한 번에 흐르고 판정 (확인 후)"),
    ("q", "leave the game (asks first in a scenario or an exam)", "게임 종료 (시나리오와 시험에서는 확인 후)"),
]

HOME_KEY_HELP: list[tuple[str, str, str]] = [
    ("enter", "play the selected lesson, exercises, sandbox, exam or replay",
     "선택한 레슨, 연습 문제, 샌드박스, 시험, 리플레이 시작"),
    ("↑ / ↓", "choose", "고르기"),
    ("l", "English / 한국어", "English / 한국어"),
    ("?", "this help", "이 도움말"),
    ("q", "quit kubetui", "kubetui 종료"),
]

REPLAY_KEY_HELP: list[tuple[str, str, str]] = [
    ("space", "play / pause", "재생 / 일시정지"),
    (", / .", "one tick back / forward (also ← →)", "한 틱 뒤로 / 앞으로 (← → 도 가능)"),
    ("+ / -", "faster / slower (1× 2× 5× 10× 30× 60× 100×)", "빠르게 / 느리게"),
    ("g", "go to a tick (or click on the timeline)", "틱으로 이동 (타임라인 클릭도 가능)"),
    ("w / W", "next / previous Warning", "다음 / 이전 Warning"),
    ("o / O", "next / previous objective change", "다음 / 이전 목표 변화"),
    ("b", "the run's debrief: what happened, the lesson", "이번 실행의 정리: 일어난 일과 배운 것"),
    ("m", "objectives: show / hide the machine detail", "목표: 기계용 세부 정보 보기 / 숨기기"),
    ("home/end", "start / end of the run", "처음 / 끝"),
    ("d y l", "describe, YAML, logs of the selected object", "선택한 오브젝트 describe, YAML, 로그"),
    (": /", "jump to a kind, filter the table", "종류로 이동, 표 필터"),
    ("f", "filter the Events pane", "이벤트 창 필터"),
    ("?", "this help", "이 도움말"),
    ("q", "leave the replay", "리플레이 나가기"),
]


BINDING_LABELS: dict[str, str] = {
    "+1s": "+1초", "-1s": "-1초", "apply": "적용", "back": "뒤로", "cancel": "취소", "check": "검사",
    "close": "닫기", "command": "명령", "debrief": "정리", "complete": "자동완성", "delete": "삭제", "describe": "describe",
    "edit": "편집", "end": "끝",
    "end of input": "입력 끝", "events filter": "이벤트 필터", "faster": "빠르게", "filter": "필터", "finish": "마치기",
    "go to tick": "틱으로 이동", "help": "도움말", "hint": "힌트", "kind": "종류", "language": "언어",
    "leave": "나가기", "logs": "로그", "menu": "메뉴", "next": "다음", "next Warning": "다음 Warning",
    "next command": "다음 명령", "next objective": "다음 목표",
    "objective detail": "목표 자세히", "next pane": "다음 창", "no": "아니오", "output": "출력",
    "pause": "일시정지", "play": "시작", "play/pause": "재생/일시정지", "prev pane": "이전 창",
    "next match": "다음 찾기", "previous match": "이전 찾기",
    "previous Warning": "이전 Warning", "previous command": "이전 명령", "previous objective": "이전 목표",
    "quit": "종료", "read-only": "읽기 전용", "retry": "다시", "run": "실행", "scale": "스케일", "slower": "느리게",
    "solution": "풀이", "start": "시작", "step": "이동", "why pending": "대기 이유", "yaml": "YAML",
    "yes": "예", "palette": "팔레트",
}
"""Korean for the key bar's labels (the English ones are the bindings' descriptions)."""


def binding_label(description: str, lang: str) -> str:
    return BINDING_LABELS.get(description, description) if lang == "ko" else description


def detect_lang(lang: str | None = None) -> str:
    """`--lang`, then `KUBETUI_LANG`, then the locale; English when none says Korean."""
    for candidate in (lang, os.environ.get("KUBETUI_LANG")):
        if candidate:
            code = candidate.lower()[:2]
            if code in LANGS:
                return code
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "ko" if loc.lower().startswith("ko") else "en"


def t(key: str, lang: str, **fields) -> str:
    en, ko = STRINGS[key]
    text = ko if lang == "ko" else en
    return text.format(**fields) if fields else text
