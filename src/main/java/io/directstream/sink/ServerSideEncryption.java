package io.directstream.sink;

import com.amazonaws.AmazonWebServiceRequest;
import com.amazonaws.handlers.RequestHandler2;
import com.amazonaws.services.s3.model.CopyObjectRequest;
import com.amazonaws.services.s3.model.InitiateMultipartUploadRequest;
import com.amazonaws.services.s3.model.ObjectMetadata;
import com.amazonaws.services.s3.model.PutObjectRequest;
import com.amazonaws.services.s3.model.SSEAwsKeyManagementParams;

/**
 * Requests server-side encryption on every write a client makes (single PUTs, multipart uploads, copies), whatever
 * code made the request: data and dead-letter objects, ledger entries, segments and snapshots, the lease, markers.
 * Set on the client by {@link S3Clients} from {@code s3.sse}, so no writer can forget it.
 */
final class ServerSideEncryption extends RequestHandler2 {
    private final String algorithm;
    private final String kmsKeyId;

    ServerSideEncryption(String algorithm, String kmsKeyId) {
        this.algorithm = algorithm;
        this.kmsKeyId = kmsKeyId;
    }

    @Override
    public AmazonWebServiceRequest beforeExecution(AmazonWebServiceRequest request) {
        if (request instanceof PutObjectRequest) {
            PutObjectRequest r = (PutObjectRequest) request;
            if (r.getMetadata() == null) {
                r.setMetadata(new ObjectMetadata());
            }
            apply(r.getMetadata(), r::setSSEAwsKeyManagementParams);
        } else if (request instanceof InitiateMultipartUploadRequest) {
            InitiateMultipartUploadRequest r = (InitiateMultipartUploadRequest) request;
            if (r.getObjectMetadata() == null) {
                r.setObjectMetadata(new ObjectMetadata());
            }
            apply(r.getObjectMetadata(), r::setSSEAwsKeyManagementParams);
        } else if (request instanceof CopyObjectRequest) {
            CopyObjectRequest r = (CopyObjectRequest) request;
            if (r.getNewObjectMetadata() == null) {
                r.setNewObjectMetadata(new ObjectMetadata());
            }
            apply(r.getNewObjectMetadata(), r::setSSEAwsKeyManagementParams);
        }
        return request;
    }

    private void apply(ObjectMetadata md, java.util.function.Consumer<SSEAwsKeyManagementParams> kms) {
        if ("aws:kms".equals(algorithm)) {
            kms.accept(kmsKeyId.isEmpty() ? new SSEAwsKeyManagementParams() : new SSEAwsKeyManagementParams(kmsKeyId));
        } else {
            md.setSSEAlgorithm(algorithm);
        }
    }
}
