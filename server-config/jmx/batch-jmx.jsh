// Jakarta Batch jobs of a deployment over JMX, through WildFly's batch-jberet MBeans. Run with the server's own JMX
// client jar; a management user's name and password come from the environment (JMX_USER, JMX_PASSWORD):
//
//   JMX_USER=admin JMX_PASSWORD=... jshell -q --class-path target/jmx-client/wildfly-cli-client.jar \
//       -R-Dbatch.operation=start -R-Dbatch.properties=config=/abs/path/config.yaml server-config/jmx/batch-jmx.jsh
//
// batch.operation: start (batch.job, batch.properties k=v,k=v), stop (batch.execution),
//                  restart (batch.execution, batch.properties), status (batch.execution)
// batch.deployment (batchlab.war), batch.job (experiment), jmx.url (service:jmx:remote+http://127.0.0.1:9990)
import java.util.*;
import javax.management.*;
import javax.management.openmbean.*;
import javax.management.remote.*;

String setting(String name, String fallback) {
    String value = System.getProperty(name, fallback);
    if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("set -R-D" + name + "=...");
    }
    return value;
}

String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("set the environment variable " + name);
    }
    return value;
}

Object invoke(MBeanServerConnection server, ObjectName bean, String operation, Object... arguments) throws Exception {
    MBeanOperationInfo info = Arrays.stream(server.getMBeanInfo(bean).getOperations())
            .filter(op -> op.getName().equals(operation)).findFirst().orElseThrow();
    String[] types = Arrays.stream(info.getSignature()).map(MBeanParameterInfo::getType).toArray(String[]::new);
    for (int i = 0; i < arguments.length; i++) {
        if (arguments[i] instanceof Map<?, ?> values) {
            TabularType type = (TabularType) ((OpenMBeanParameterInfo) info.getSignature()[i]).getOpenType();
            TabularDataSupport table = new TabularDataSupport(type);
            for (Map.Entry<?, ?> entry : values.entrySet()) {
                table.put(new CompositeDataSupport(type.getRowType(), new String[] {"key", "value"},
                        new Object[] {entry.getKey(), entry.getValue()}));
            }
            arguments[i] = table;
        }
    }
    return server.invoke(bean, operation, arguments, types);
}

Map<String, String> properties() {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : System.getProperty("batch.properties", "").split(",")) {
        if (!pair.isBlank()) {
            int equals = pair.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("batch.properties takes key=value pairs, got \"" + pair + "\"");
            }
            values.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
        }
    }
    return values;
}

void run() throws Exception {
    String operation = setting("batch.operation", null);
    String job = setting("batch.job", "experiment");
    ObjectName batch = new ObjectName("jboss.as:deployment=" + setting("batch.deployment", "batchlab.war")
            + ",subsystem=batch-jberet");
    JMXServiceURL url = new JMXServiceURL(setting("jmx.url", "service:jmx:remote+http://127.0.0.1:9990"));
    try (JMXConnector connector = JMXConnectorFactory.connect(url,
            Map.of(JMXConnector.CREDENTIALS, new String[] {env("JMX_USER"), env("JMX_PASSWORD")}))) {
        MBeanServerConnection server = connector.getMBeanServerConnection();
        String execution = System.getProperty("batch.execution");
        if (operation.equals("start")) {
            System.out.println("job execution " + invoke(server, batch, "startJob", job, properties()));
        } else if (operation.equals("restart")) {
            System.out.println("job execution " + invoke(server, batch, "restartJob", Long.valueOf(execution), properties()));
        } else if (operation.equals("stop")) {
            invoke(server, batch, "stopJob", Long.valueOf(execution));
            System.out.println("stop requested for job execution " + execution);
        } else if (operation.equals("status")) {
            ObjectName bean = new ObjectName(batch + ",job=" + job + ",execution=" + execution);
            System.out.println("batch status " + server.getAttribute(bean, "batchStatus") + ", exit status " + server.getAttribute(bean, "exitStatus"));
        } else {
            throw new IllegalArgumentException("batch.operation is start, stop, restart or status, not " + operation);
        }
    }
}

int exitCode = 0;
try {
    run();
} catch (Exception e) {
    System.out.println("failed: " + e);
    exitCode = 1;
}
/exit exitCode
