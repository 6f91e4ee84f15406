package io.batchlab.control;

import io.batchlab.store.RunId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A batch runtime stand-in: records the calls and lets the test move a job between states. */
class RecordingRunController implements RunController {

    final List<String> calls = new ArrayList<>();
    private final Map<RunId, JobState> states = new HashMap<>();

    @Override
    public JobState state(RunId run) {
        return states.getOrDefault(run, JobState.NOT_STARTED);
    }

    @Override
    public void start(RunId run) {
        calls.add("start " + run);
        states.put(run, JobState.RUNNING);
    }

    @Override
    public void restart(RunId run) {
        calls.add("restart " + run);
        states.put(run, JobState.RUNNING);
    }

    @Override
    public void stop(RunId run) {
        calls.add("stop " + run);
        states.put(run, JobState.STOPPING);
    }

    void jobReaches(RunId run, JobState state) {
        states.put(run, state);
    }
}
