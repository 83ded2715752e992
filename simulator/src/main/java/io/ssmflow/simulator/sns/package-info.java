/**
 * The simulator's SNS (AWS Query protocol, XML answers in the 2010-03-31 namespace).
 *
 * <p>Actions: CreateTopic, DeleteTopic, ListTopics, Get/SetTopicAttributes ({@link
 * TopicOperations}); Subscribe, ConfirmSubscription, Unsubscribe, ListSubscriptions(ByTopic),
 * Get/SetSubscriptionAttributes ({@link SubscriptionOperations}); Publish and PublishBatch ({@link
 * PublishOperations}); TagResource, UntagResource, ListTagsForResource ({@link SnsTagOperations}).
 * The model is {@link SnsState} (one lock); answers are written by {@link SnsViews}, and the signed
 * notifications HTTP/HTTPS subscriptions receive by {@link Notifications}.
 *
 * <p>Admin routes: {@code GET /_sim/sns/messages[?topic=ARN|NAME]}, {@code DELETE
 * /_sim/sns/messages}, {@code GET /_sim/sns/topics}, {@code GET /_sim/sns/signing-key}. A simulator
 * reset forgets topics, subscriptions and messages.
 */
package io.ssmflow.simulator.sns;
