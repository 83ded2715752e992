package io.ssmflow.worker;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.ssmflow.activities.ActivityImplementations;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;

/** Binds the worker: its factory, the activity instances and {@link SsmflowWorker}. */
public final class WorkerModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(SsmflowWorker.class).in(Singleton.class);
  }

  @Provides
  @Singleton
  WorkerFactory workerFactory(WorkflowClient client) {
    return WorkerFactory.newInstance(client);
  }

  @Provides
  @Singleton
  ActivityInstances activityInstances(Injector injector) {
    return new ActivityInstances(
        ActivityImplementations.classes().stream()
            .map(c -> (Object) injector.getInstance(c))
            .toList());
  }
}
