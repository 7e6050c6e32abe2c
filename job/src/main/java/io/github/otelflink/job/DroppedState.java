package io.github.otelflink.job;

import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.OperatorID;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which operator states of a restore point the new job will not take over, so a local run that
 * restores with {@code execution.state-recovery.ignore-unclaimed-state} (allowNonRestoredState)
 * can say in one line what was dropped instead of dropping it silently.
 *
 * <p>Why compare the checkpoint metadata with the job graph rather than, say, the config's
 * component ids: it is exactly the check Flink itself makes (an operator state is restored when
 * its {@link OperatorID} matches an operator's generated or user-defined id in the new job graph),
 * so the line can neither miss a dropped state nor name one that is kept, whatever the graph
 * builder does with uids. The metadata also carries the operators' uids (Flink 1.20+ format), so
 * the line names them as the pipeline does ({@code receiver/prometheus/self},
 * {@code metrics/prometheusremotewrite/translate/prometheus/self}).
 */
final class DroppedState {
    private DroppedState() {}

    /** The uids (or names, or ids) of operators with state in {@code restorePoint} that {@code job} lacks. */
    static List<String> of(Path restorePoint, JobGraph job) throws IOException {
        Set<OperatorID> present = new HashSet<>();
        for (JobVertex vertex : job.getVertices()) {
            for (OperatorIDPair pair : vertex.getOperatorIDs()) {
                present.add(pair.getGeneratedOperatorID());
                pair.getUserDefinedOperatorID().ifPresent(present::add);
            }
        }
        CheckpointMetadata metadata;
        try (InputStream in = Files.newInputStream(restorePoint.resolve("_metadata"))) {
            metadata = Checkpoints.loadCheckpointMetadata(new DataInputStream(in), DroppedState.class.getClassLoader(),
                    restorePoint.toUri().toString());
        }
        List<String> dropped = new ArrayList<>();
        for (OperatorState state : metadata.getOperatorStates()) {
            boolean holdsState = state.hasSubtaskStates() || state.getCoordinatorState() != null;
            if (holdsState && !present.contains(state.getOperatorID())) {
                dropped.add(state.getOperatorUid().filter(uid -> !uid.isBlank())
                        .or(() -> state.getOperatorName().filter(name -> !name.isBlank()))
                        .orElse(state.getOperatorID().toHexString()));
            }
        }
        return dropped;
    }
}
