"""kubernetes.io "Determine the Reason for Pod Failure": what a container writes to
/dev/termination-log (or its own terminationMessagePath) becomes its terminated state's
`message`; under FallbackToLogsOnError a failed container with no such file gets its log's tail."""

from engine_kit import create, pod


def terminated(sim, name, last=False):
    st = sim.get("Pod", name)["status"]["containerStatuses"][0]
    return (st["lastState"] if last else st["state"])["terminated"]


def one(name, command, restart="Never", **container):
    return pod(name, restartPolicy=restart,
               containers=[{"name": "c", "image": "debian", "command": ["/bin/sh", "-c", command], **container}])


def test_the_file_at_termination_log_is_the_message_of_the_last_run(sim):
    create(sim, one("termination-demo", "sleep 10 && echo Sleep expired > /dev/termination-log", restart="Always"))
    sim.step(45)
    last = terminated(sim, "termination-demo", last=True)
    assert (last["reason"], last["message"]) == ("Completed", "Sleep expired\n")


def test_a_custom_path_is_read_and_only_its_last_4096_bytes(sim):
    create(sim, one("custom", "i=0; while [ $i -lt 500 ]; do echo aaaaaaaaa >> /tmp/why; i=$((i+1)); done; echo end >> /tmp/why; exit 2",
                    terminationMessagePath="/tmp/why"))
    sim.step(60)
    term = terminated(sim, "custom")
    assert term["exitCode"] == 2
    assert len(term["message"]) == 4096 and term["message"].endswith("aaa\nend\n")


def test_fallback_to_logs_only_on_error_and_only_when_the_file_is_empty(sim):
    create(sim, one("fails", "echo something broke; exit 3", terminationMessagePolicy="FallbackToLogsOnError"))
    create(sim, one("works", "echo all fine", terminationMessagePolicy="FallbackToLogsOnError"))
    create(sim, one("plain", "echo something broke; exit 3"))
    create(sim, one("many", "i=0; while [ $i -lt 100 ]; do echo line $i; i=$((i+1)); done; exit 1",
                    terminationMessagePolicy="FallbackToLogsOnError"))
    sim.step(20)
    assert terminated(sim, "fails")["message"] == "something broke\n"
    assert "message" not in terminated(sim, "works")
    assert "message" not in terminated(sim, "plain")
    many = terminated(sim, "many")["message"]
    assert many.startswith("line 20\n") and many.endswith("line 99\n") and many.count("\n") == 80
