package io.ssmflow.simulator.http;

import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.RequestContext;

/** The envelope of a Query-protocol answer: EC2's, or AWS Query's (SNS, CloudWatch). */
public enum QueryStyle {
  EC2 {
    @Override
    public String wrap(String action, String namespace, String body, RequestContext ctx) {
      return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<"
          + action
          + "Response xmlns=\""
          + namespace
          + "\"><requestId>"
          + ctx.requestId()
          + "</requestId>"
          + body
          + "</"
          + action
          + "Response>";
    }

    @Override
    public String error(AwsException e, String namespace, RequestContext ctx) {
      return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>"
          + XmlWriter.escape(e.code())
          + "</Code><Message>"
          + XmlWriter.escape(String.valueOf(e.getMessage()))
          + "</Message></Error></Errors>"
          + "<RequestID>"
          + ctx.requestId()
          + "</RequestID></Response>";
    }
  },
  AWS_QUERY {
    @Override
    public String wrap(String action, String namespace, String body, RequestContext ctx) {
      return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<"
          + action
          + "Response xmlns=\""
          + namespace
          + "\"><"
          + action
          + "Result>"
          + body
          + "</"
          + action
          + "Result>"
          + "<ResponseMetadata><RequestId>"
          + ctx.requestId()
          + "</RequestId></ResponseMetadata></"
          + action
          + "Response>";
    }

    @Override
    public String error(AwsException e, String namespace, RequestContext ctx) {
      return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\""
          + namespace
          + "\"><Error><Type>"
          + (e.senderFault() ? "Sender" : "Receiver")
          + "</Type><Code>"
          + XmlWriter.escape(e.code())
          + "</Code><Message>"
          + XmlWriter.escape(String.valueOf(e.getMessage()))
          + "</Message></Error><RequestId>"
          + ctx.requestId()
          + "</RequestId></ErrorResponse>";
    }
  };

  public abstract String wrap(String action, String namespace, String body, RequestContext ctx);

  public abstract String error(AwsException e, String namespace, RequestContext ctx);
}
