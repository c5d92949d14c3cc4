"""Checks the CI and scheduler examples in examples/ hang together.

    check_examples.py check EXAMPLES_DIR    structure of every YAML example
    check_examples.py indexed-command FILE  the Indexed Job's shell command

`check` prints one line per problem; exit 0 means none.
"""

import os
import re
import sys

import yaml


def shard_counts(text):
    """The N of every `--shard .../N` in a command line."""
    return re.findall(r"--shard\s+.*?/(\d+|\$\{CI_NODE_TOTAL\})", text)


def check_github(path, problems):
    with open(path) as handle:
        workflow = yaml.safe_load(handle)
    jobs = workflow["jobs"]
    matrix = jobs["shard"]["strategy"]["matrix"]["shard"]
    runs = " ".join(step.get("run", "") for step in jobs["shard"]["steps"])
    counts = shard_counts(runs)
    if counts != [str(len(matrix))]:
        problems.append(f"{path}: --shard N {counts} != matrix of {len(matrix)}")
    if matrix != list(range(1, len(matrix) + 1)):
        problems.append(f"{path}: the matrix must be 1..N, found {matrix}")
    merge = jobs["merge"]
    if merge.get("needs") != "shard":
        problems.append(f"{path}: the merge job must need the shard job")
    uses = [step.get("uses", "") for step in merge["steps"]]
    if not any(use.startswith("github/codeql-action/upload-sarif@") for use in uses):
        problems.append(f"{path}: no github/codeql-action/upload-sarif step")
    merge_runs = " ".join(step.get("run", "") for step in merge["steps"])
    if "mcp-census merge" not in merge_runs or "sarif" not in merge_runs:
        problems.append(f"{path}: the merge job must merge and write SARIF")
    if merge.get("permissions", {}).get("security-events") != "write":
        problems.append(f"{path}: SARIF upload needs security-events: write")


def check_gitlab(path, problems):
    with open(path) as handle:
        pipeline = yaml.safe_load(handle)
    shard = pipeline["mcp-census:shard"]
    script = " ".join(shard["script"])
    if not isinstance(shard.get("parallel"), int):
        problems.append(f"{path}: the shard job needs parallel: N")
    if "${CI_NODE_INDEX}/${CI_NODE_TOTAL}" not in script:
        problems.append(f"{path}: the shard job must use CI_NODE_INDEX/TOTAL")
    merge = pipeline["mcp-census:merge"]
    junit = merge["artifacts"]["reports"]["junit"]
    if "junit" not in " ".join(merge["script"]) or not junit.endswith(".junit.xml"):
        problems.append(f"{path}: the merge job must publish its JUnit report")


def check_kubernetes(folder, problems):
    with open(os.path.join(folder, "cronjob.yaml")) as handle:
        cron = yaml.safe_load(handle)
    if cron["kind"] != "CronJob" or cron["apiVersion"] != "batch/v1":
        problems.append("cronjob.yaml: not a batch/v1 CronJob")
    container = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    if container["args"][0] != "run":
        problems.append("cronjob.yaml: the container must run mcp-census run")
    with open(os.path.join(folder, "indexed-job.yaml")) as handle:
        job = yaml.safe_load(handle)
    spec = job["spec"]
    if spec.get("completionMode") != "Indexed":
        problems.append("indexed-job.yaml: completionMode must be Indexed")
    command = spec["template"]["spec"]["containers"][0]["args"][0]
    if "JOB_COMPLETION_INDEX" not in command:
        problems.append("indexed-job.yaml: JOB_COMPLETION_INDEX must pick the shard")
    if shard_counts(command) != [str(spec["completions"])]:
        problems.append("indexed-job.yaml: --shard N must equal completions")


def main():
    if sys.argv[1] == "indexed-command":
        with open(sys.argv[2]) as handle:
            job = yaml.safe_load(handle)
        print(job["spec"]["template"]["spec"]["containers"][0]["args"][0])
        return
    folder = sys.argv[2]
    problems = []
    check_github(os.path.join(folder, "github", "mcp-census.yml"), problems)
    check_gitlab(os.path.join(folder, "gitlab", ".gitlab-ci.yml"), problems)
    check_kubernetes(os.path.join(folder, "kubernetes"), problems)
    for problem in problems:
        print(problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
