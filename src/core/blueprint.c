/* The CLF-C02 exam facts: domains, weights, quotas and task statements, from
 * the live AWS exam guide (see include/cloudprep/blueprint.h). Everything
 * else in the core asks this table instead of repeating a number. */
#include "cloudprep/blueprint.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const cp_domain_info domains[CP_DOMAINS] = {
    {1, "Cloud Concepts", "Concepts", 24, 12},
    {2, "Security and Compliance", "Security", 30, 15},
    {3, "Cloud Technology and Services", "Technology", 34, 17},
    {4, "Billing, Pricing, and Support", "Billing", 12, 6},
};

static const cp_task_info tasks[CP_TASKS] = {
    {"1.1", 1, "Define the benefits of the AWS Cloud"},
    {"1.2", 1, "Identify design principles of the AWS Cloud"},
    {"1.3", 1, "Understand the benefits of and strategies for migration to the AWS Cloud"},
    {"1.4", 1, "Understand concepts of cloud economics"},
    {"2.1", 2, "Understand the AWS shared responsibility model"},
    {"2.2", 2, "Understand AWS Cloud security, governance, and compliance concepts"},
    {"2.3", 2, "Identify AWS access management capabilities"},
    {"2.4", 2, "Identify components and resources for security"},
    {"3.1", 3, "Define methods of deploying and operating in the AWS Cloud"},
    {"3.2", 3, "Define the AWS global infrastructure"},
    {"3.3", 3, "Identify AWS compute services"},
    {"3.4", 3, "Identify AWS database services"},
    {"3.5", 3, "Identify AWS network services"},
    {"3.6", 3, "Identify AWS storage services"},
    {"3.7", 3, "Identify AWS AI/ML services and analytics services"},
    {"3.8", 3, "Identify services from other in-scope AWS service categories"},
    {"4.1", 4, "Compare AWS pricing models"},
    {"4.2", 4, "Understand resources for billing, budget, and cost management"},
    {"4.3", 4, "Identify AWS technical resources and AWS Support options"},
};

static const cp_service_info services[] = {
    {"Amazon Athena", "Analytics", "Athena"},
    {"Amazon EMR", "Analytics", "EMR"},
    {"AWS Glue", "Analytics", "Glue"},
    {"Amazon Kinesis", "Analytics", "Kinesis"},
    {"Amazon OpenSearch Service", "Analytics", "OpenSearch"},
    {"Amazon QuickSight", "Analytics", "QuickSight|Quick Sight"},
    {"Amazon Redshift", "Analytics", "Redshift"},
    {"Amazon EventBridge", "Application Integration", "EventBridge"},
    {"Amazon SNS", "Application Integration", "SNS|Simple Notification Service"},
    {"Amazon SQS", "Application Integration", "SQS|Simple Queue Service"},
    {"AWS Step Functions", "Application Integration", "Step Functions"},
    {"Amazon Connect", "Business Applications", "Amazon Connect"},
    {"Amazon SES", "Business Applications", "SES|Simple Email Service"},
    {"AWS Budgets", "Cloud Financial Management", "Budgets"},
    {"AWS Cost and Usage Report", "Cloud Financial Management", "Cost and Usage Report|CUR"},
    {"AWS Cost Explorer", "Cloud Financial Management", "Cost Explorer"},
    {"AWS Marketplace", "Cloud Financial Management", "Marketplace"},
    {"AWS Batch", "Compute", "AWS Batch"},
    {"Amazon EC2", "Compute", "EC2|Elastic Compute Cloud"},
    {"AWS Elastic Beanstalk", "Compute", "Elastic Beanstalk"},
    {"Amazon Lightsail", "Compute", "Lightsail"},
    {"AWS Outposts", "Compute", "Outposts|Outpost"},
    {"Amazon ECR", "Containers", "ECR|Elastic Container Registry"},
    {"Amazon ECS", "Containers", "ECS|Elastic Container Service"},
    {"Amazon EKS", "Containers", "EKS|Elastic Kubernetes Service"},
    {"AWS Support", "Customer Enablement", "AWS Support|Support plan|Support plans|Support Center"},
    {"Amazon Aurora", "Database", "Aurora"},
    {"Amazon DocumentDB", "Database", "DocumentDB"},
    {"Amazon DynamoDB", "Database", "DynamoDB"},
    {"Amazon ElastiCache", "Database", "ElastiCache"},
    {"Amazon Neptune", "Database", "Neptune"},
    {"Amazon RDS", "Database", "RDS|Relational Database Service"},
    {"AWS CLI", "Developer Tools", "AWS CLI|Command Line Interface"},
    {"AWS CodeBuild", "Developer Tools", "CodeBuild"},
    {"AWS CodePipeline", "Developer Tools", "CodePipeline"},
    {"AWS X-Ray", "Developer Tools", "X-Ray"},
    {"Amazon AppStream 2.0", "End User Computing", "AppStream|WorkSpaces Applications"},
    {"Amazon WorkSpaces", "End User Computing", "WorkSpaces"},
    {"Amazon WorkSpaces Secure Browser", "End User Computing", "Secure Browser"},
    {"AWS Amplify", "Frontend Web and Mobile", "Amplify"},
    {"AWS AppSync", "Frontend Web and Mobile", "AppSync"},
    {"AWS IoT Core", "Internet of Things", "IoT Core"},
    {"Amazon Comprehend", "Machine Learning", "Comprehend"},
    {"Amazon Kendra", "Machine Learning", "Kendra"},
    {"Amazon Lex", "Machine Learning", "Lex"},
    {"Amazon Polly", "Machine Learning", "Polly"},
    {"Amazon Q", "Machine Learning", "Amazon Q|Q Business|Q Developer"},
    {"Amazon Rekognition", "Machine Learning", "Rekognition"},
    {"Amazon SageMaker AI", "Machine Learning", "SageMaker"},
    {"Amazon Textract", "Machine Learning", "Textract"},
    {"Amazon Transcribe", "Machine Learning", "Transcribe"},
    {"Amazon Translate", "Machine Learning", "Amazon Translate"},
    {"AWS Auto Scaling", "Management and Governance", "Auto Scaling"},
    {"AWS CloudFormation", "Management and Governance", "CloudFormation"},
    {"AWS CloudTrail", "Management and Governance", "CloudTrail"},
    {"Amazon CloudWatch", "Management and Governance", "CloudWatch"},
    {"AWS Compute Optimizer", "Management and Governance", "Compute Optimizer"},
    {"AWS Config", "Management and Governance", "AWS Config|Config rule|Config rules"},
    {"AWS Control Tower", "Management and Governance", "Control Tower"},
    {"AWS Health Dashboard", "Management and Governance", "Health Dashboard"},
    {"AWS License Manager", "Management and Governance", "License Manager"},
    {"AWS Management Console", "Management and Governance", "Management Console"},
    {"AWS Organizations", "Management and Governance", "Organizations"},
    {"AWS Service Catalog", "Management and Governance", "Service Catalog"},
    {"Service Quotas", "Management and Governance", "Service Quotas"},
    {"AWS Systems Manager", "Management and Governance", "Systems Manager"},
    {"AWS Trusted Advisor", "Management and Governance", "Trusted Advisor"},
    {"AWS Well-Architected Tool", "Management and Governance", "Well-Architected Tool"},
    {"AWS Application Discovery Service", "Migration and Transfer", "Application Discovery Service"},
    {"AWS Application Migration Service", "Migration and Transfer", "Application Migration Service|Transform MGN"},
    {"AWS DMS", "Migration and Transfer", "DMS|Database Migration Service"},
    {"Migration Evaluator", "Migration and Transfer", "Migration Evaluator"},
    {"AWS Migration Hub", "Migration and Transfer", "Migration Hub"},
    {"AWS SCT", "Migration and Transfer", "SCT|Schema Conversion Tool"},
    {"Amazon API Gateway", "Networking and Content Delivery", "API Gateway"},
    {"Amazon CloudFront", "Networking and Content Delivery", "CloudFront"},
    {"AWS Direct Connect", "Networking and Content Delivery", "Direct Connect"},
    {"AWS Global Accelerator", "Networking and Content Delivery", "Global Accelerator"},
    {"AWS PrivateLink", "Networking and Content Delivery", "PrivateLink"},
    {"Amazon Route 53", "Networking and Content Delivery", "Route 53"},
    {"AWS Transit Gateway", "Networking and Content Delivery", "Transit Gateway"},
    {"Amazon VPC", "Networking and Content Delivery", "VPC|Virtual Private Cloud"},
    {"AWS VPN", "Networking and Content Delivery", "VPN|Site-to-Site VPN|Client VPN"},
    {"AWS Artifact", "Security, Identity, and Compliance", "Artifact"},
    {"AWS Certificate Manager", "Security, Identity, and Compliance", "Certificate Manager|ACM"},
    {"AWS CloudHSM", "Security, Identity, and Compliance", "CloudHSM"},
    {"Amazon Cognito", "Security, Identity, and Compliance", "Cognito"},
    {"Amazon Detective", "Security, Identity, and Compliance", "Detective"},
    {"AWS Directory Service", "Security, Identity, and Compliance", "Directory Service"},
    {"AWS Firewall Manager", "Security, Identity, and Compliance", "Firewall Manager"},
    {"Amazon GuardDuty", "Security, Identity, and Compliance", "GuardDuty"},
    {"AWS IAM", "Security, Identity, and Compliance", "IAM|Identity and Access Management"},
    {"AWS IAM Identity Center", "Security, Identity, and Compliance", "IAM Identity Center|Identity Center"},
    {"Amazon Inspector", "Security, Identity, and Compliance", "Inspector"},
    {"AWS KMS", "Security, Identity, and Compliance", "KMS|Key Management Service"},
    {"Amazon Macie", "Security, Identity, and Compliance", "Macie"},
    {"AWS RAM", "Security, Identity, and Compliance", "Resource Access Manager|AWS RAM"},
    {"AWS Secrets Manager", "Security, Identity, and Compliance", "Secrets Manager"},
    {"AWS Security Hub", "Security, Identity, and Compliance", "Security Hub"},
    {"AWS Shield", "Security, Identity, and Compliance", "Shield"},
    {"AWS WAF", "Security, Identity, and Compliance", "WAF|Web Application Firewall"},
    {"AWS Fargate", "Serverless", "Fargate"},
    {"AWS Lambda", "Serverless", "Lambda"},
    {"AWS Backup", "Storage", "AWS Backup"},
    {"Amazon EBS", "Storage", "EBS|Elastic Block Store"},
    {"Amazon EFS", "Storage", "EFS|Elastic File System"},
    {"AWS Elastic Disaster Recovery", "Storage", "Elastic Disaster Recovery"},
    {"Amazon FSx", "Storage", "FSx"},
    {"Amazon S3", "Storage", "S3|Simple Storage Service"},
    {"Amazon S3 Glacier", "Storage", "Glacier"},
    {"AWS Storage Gateway", "Storage", "Storage Gateway"},
};

size_t cp_blueprint_service_count(void) { return sizeof services / sizeof services[0]; }

const cp_service_info *cp_blueprint_service(size_t index)
{
    return index < cp_blueprint_service_count() ? &services[index] : NULL;
}

static bool word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool cp_blueprint_mentions(const char *text, size_t index)
{
    const cp_service_info *s = cp_blueprint_service(index);
    if (!s || !text)
        return false;
    for (const char *name = s->names; *name;) {
        size_t n = strcspn(name, "|");
        char word[64];
        if (n >= sizeof word)
            n = sizeof word - 1;
        memcpy(word, name, n);
        word[n] = '\0';
        for (const char *p = strstr(text, word); p; p = strstr(p + 1, word))
            if ((p == text || !word_char(p[-1])) && !word_char(p[n]))
                return true;
        name += strcspn(name, "|");
        if (*name == '|')
            name++;
    }
    return false;
}

/* Case-insensitive equality of a[0..na) and b[0..nb), a run of spaces
 * equal to one space. */
static bool same_words(const char *a, size_t na, const char *b, size_t nb)
{
    size_t i = 0, j = 0;
    while (i < na && j < nb) {
        if (a[i] == ' ' && b[j] == ' ') {
            while (i < na && a[i] == ' ')
                i++;
            while (j < nb && b[j] == ' ')
                j++;
            continue;
        }
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[j]))
            return false;
        i++;
        j++;
    }
    return i == na && j == nb;
}

long cp_blueprint_service_named(const char *name)
{
    if (!name)
        return -1;
    while (*name == ' ' || *name == '\t')
        name++;
    size_t n = strlen(name);
    while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
        n--;
    /* "Amazon GuardDuty" is "GuardDuty": the vendor's word is optional. */
    const char *bare = name;
    size_t nbare = n;
    static const char *const vendors[] = {"AWS ", "Amazon "};
    for (size_t v = 0; v < 2; v++) {
        size_t lv = strlen(vendors[v]);
        if (n > lv && strncasecmp(name, vendors[v], lv) == 0) {
            bare = name + lv;
            nbare = n - lv;
        }
    }
    for (size_t i = 0; i < cp_blueprint_service_count(); i++) {
        const cp_service_info *s = &services[i];
        if (same_words(name, n, s->name, strlen(s->name)))
            return (long)i;
        for (const char *alias = s->names; *alias;) {
            size_t len = strcspn(alias, "|");
            if (same_words(name, n, alias, len) || same_words(bare, nbare, alias, len))
                return (long)i;
            alias += len;
            if (*alias == '|')
                alias++;
        }
    }
    return -1;
}

const cp_domain_info *cp_blueprint_domain(int domain)
{
    return domain >= 1 && domain <= CP_DOMAINS ? &domains[domain - 1] : NULL;
}

const cp_task_info *cp_blueprint_task(int index)
{
    return index >= 0 && index < CP_TASKS ? &tasks[index] : NULL;
}

int cp_blueprint_task_index(const char *id)
{
    for (int i = 0; id && i < CP_TASKS; i++)
        if (strcmp(tasks[i].id, id) == 0)
            return i;
    return -1;
}

void cp_blueprint_apportion(int total, int out[CP_DOMAINS])
{
    /* Work in hundredths so the remainders are exact integers. */
    int assigned = 0;
    int rem[CP_DOMAINS];
    for (int d = 0; d < CP_DOMAINS; d++) {
        int share = total * domains[d].weight_percent;
        out[d] = share / 100;
        rem[d] = share % 100;
        assigned += out[d];
    }
    while (assigned < total) {
        int best = 0;
        for (int d = 1; d < CP_DOMAINS; d++) {
            if (rem[d] > rem[best] ||
                (rem[d] == rem[best] &&
                 domains[d].weight_percent > domains[best].weight_percent))
                best = d;
        }
        out[best]++;
        rem[best] = -1;
        assigned++;
    }
}
